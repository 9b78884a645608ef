CREATE TABLE "health"."check_results" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"platform" text NOT NULL,
	"outcome" text NOT NULL,
	"error_kind" text,
	"detail" text NOT NULL,
	"latency_ms" real NOT NULL,
	"trigger" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health"."monitored_connections" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"status" text NOT NULL,
	"access_expires_at" timestamp with time zone,
	"refresh_scheduled" boolean,
	"refresh_audited_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"last_outcome" text,
	"last_error_kind" text,
	"observed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health"."outbox" (
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
CREATE TABLE "health"."publish_outcomes" (
	"event_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"post_id" text NOT NULL,
	"target_id" text NOT NULL,
	"platform" text NOT NULL,
	"outcome" text NOT NULL,
	"attempts" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "check_results_connection_idx" ON "health"."check_results" USING btree ("connection_id","checked_at");--> statement-breakpoint
CREATE INDEX "check_results_tenant_idx" ON "health"."check_results" USING btree ("tenant_id","checked_at");--> statement-breakpoint
CREATE INDEX "check_results_checked_at_idx" ON "health"."check_results" USING btree ("checked_at");--> statement-breakpoint
CREATE INDEX "monitored_connections_tenant_idx" ON "health"."monitored_connections" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "monitored_connections_expires_idx" ON "health"."monitored_connections" USING btree ("access_expires_at");--> statement-breakpoint
CREATE INDEX "outbox_unsent_idx" ON "health"."outbox" USING btree ("created_at","id") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "publish_outcomes_occurred_idx" ON "health"."publish_outcomes" USING btree ("occurred_at","platform");