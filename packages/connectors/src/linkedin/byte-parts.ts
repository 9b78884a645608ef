/**
 * Cuts one byte stream into consecutive parts of given lengths, each its own stream, without holding more than
 * one network chunk. Parts must be read in order, each to its end, before the next is taken.
 */
export class BytePartReader {
  private leftover: Uint8Array | null = null;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  part(length: number): ReadableStream<Uint8Array> {
    let remaining = length;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (remaining === 0) {
          controller.close();
          return;
        }
        let chunk = this.leftover ?? (await this.next());
        this.leftover = null;
        if (!chunk) {
          controller.error(new Error(`the media ended ${remaining} bytes early`));
          return;
        }
        if (chunk.byteLength > remaining) {
          this.leftover = chunk.subarray(remaining);
          chunk = chunk.subarray(0, remaining);
        }
        remaining -= chunk.byteLength;
        controller.enqueue(chunk);
        if (remaining === 0) controller.close();
      },
    });
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private async next(): Promise<Uint8Array | null> {
    const { done, value } = await this.reader.read();
    return done ? null : value;
  }
}
