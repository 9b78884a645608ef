CREATE TABLE "publish"."attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"target_id" text NOT NULL,
	"number" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"error" jsonb,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "publish"."dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"target_id" text NOT NULL,
	"post_id" text NOT NULL,
	"platform" text NOT NULL,
	"reason" text NOT NULL,
	"error" jsonb NOT NULL,
	"attempts" integer NOT NULL,
	"dead_lettered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone,
	"discarded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "publish"."idempotency_keys" (
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "publish"."outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "publish"."posts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"status" text NOT NULL,
	"text" text NOT NULL,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"link" text,
	"email" jsonb,
	"scheduled_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publish"."targets" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"post_id" text NOT NULL,
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"platform" text NOT NULL,
	"account_kind" text NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"budget_start" integer DEFAULT 0 NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"unsettled_since" timestamp with time zone,
	"platform_post_id" text,
	"url" text,
	"published_at" timestamp with time zone,
	"last_error" jsonb,
	"evidence" text,
	"first_attempt_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "publish"."attempts" ADD CONSTRAINT "attempts_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "publish"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish"."dead_letters" ADD CONSTRAINT "dead_letters_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "publish"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish"."targets" ADD CONSTRAINT "targets_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "publish"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_target_number_key" ON "publish"."attempts" USING btree ("target_id","number");--> statement-breakpoint
CREATE INDEX "dead_letters_open_idx" ON "publish"."dead_letters" USING btree ("tenant_id","id") WHERE replayed_at is null and discarded_at is null;--> statement-breakpoint
CREATE INDEX "dead_letters_target_idx" ON "publish"."dead_letters" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "publish"."idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "outbox_unsent_idx" ON "publish"."outbox" USING btree ("created_at","id") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "posts_tenant_id_idx" ON "publish"."posts" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "targets_post_idx" ON "publish"."targets" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "targets_due_idx" ON "publish"."targets" USING btree ("status","next_attempt_at") WHERE status in ('scheduled', 'queued', 'retrying', 'publishing');--> statement-breakpoint
CREATE INDEX "targets_connection_open_idx" ON "publish"."targets" USING btree ("tenant_id","connection_id") WHERE status in ('scheduled', 'queued', 'retrying');--> statement-breakpoint
CREATE INDEX "targets_tiktok_publish_idx" ON "publish"."targets" USING btree ("tenant_id",(progress ->> 'publishId')) WHERE platform = 'tiktok';