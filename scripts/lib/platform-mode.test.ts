import { describe, expect, it } from "vitest";
import { decidePlatformMode, describePlatformMode, platformEnv } from "./platform-mode";

describe("decidePlatformMode", () => {
  it("runs platform-sim on PLATFORM_SIM_PORT when nothing is configured", () => {
    expect(decidePlatformMode({})).toEqual({
      kind: "local-sim",
      simUrl: "http://127.0.0.1:4010",
      simPort: 4010,
      chosen: true,
    });
    const mode = decidePlatformMode({ PLATFORM_SIM_PORT: "24010", PLATFORM_SIM_URL: " " });
    expect(mode).toMatchObject({ kind: "local-sim", simPort: 24010, chosen: true });
    expect(platformEnv(mode)).toEqual({ PLATFORM_SIM_URL: "http://127.0.0.1:24010" });
    expect(describePlatformMode(mode)).toContain("no platform credentials");
  });

  it("uses the real platforms once any platform has credentials", () => {
    const mode = decidePlatformMode({
      META_CLIENT_ID: "123",
      TIKTOK_CLIENT_KEY: "abc",
      LINKEDIN_CLIENT_ID: "",
    });
    expect(mode).toEqual({ kind: "real", configured: ["META_CLIENT_ID", "TIKTOK_CLIENT_KEY"] });
    expect(platformEnv(mode)).toEqual({});
  });

  it("follows an explicit PLATFORM_SIM_URL, starting the sim only when it is on this machine", () => {
    expect(decidePlatformMode({ PLATFORM_SIM_URL: "http://localhost:5000/", META_CLIENT_ID: "1" })).toEqual({
      kind: "local-sim",
      simUrl: "http://localhost:5000",
      simPort: 5000,
      chosen: false,
    });
    expect(decidePlatformMode({ PLATFORM_SIM_URL: "http://sim.internal:4010" })).toEqual({
      kind: "remote-sim",
      simUrl: "http://sim.internal:4010",
    });
  });
});
