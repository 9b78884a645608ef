CREATE TABLE "token"."connection_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connection_accounts_connection_external_key" UNIQUE("connection_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "token"."connections" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"token_updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refresh_owner" text,
	"refresh_claimed_at" timestamp with time zone,
	"refresh_failures" integer DEFAULT 0 NOT NULL,
	"last_refresh_error" text,
	"next_refresh_at" timestamp with time zone,
	"last_refreshed_at" timestamp with time zone,
	"last_health_status" text,
	"last_health_checked_at" timestamp with time zone,
	"webhook_secret_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_identity_key" UNIQUE("tenant_id","platform","external_user_id"),
	CONSTRAINT "connections_status_check" CHECK (status in ('active', 'expiring', 'needs_reauth', 'revoked', 'error'))
);
--> statement-breakpoint
CREATE TABLE "token"."outbox" (
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
CREATE TABLE "token"."processed_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "token"."secret_access_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "token"."secret_access_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"account_id" text,
	"field" text NOT NULL,
	"caller" text NOT NULL,
	"purpose" text NOT NULL,
	"request_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "token"."secrets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "token"."secrets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"account_id" text,
	"field" text NOT NULL,
	"ciphertext" text NOT NULL,
	"dek_version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secrets_record_field_key" UNIQUE NULLS NOT DISTINCT("connection_id","account_id","field"),
	CONSTRAINT "secrets_field_check" CHECK (field in ('access_token', 'refresh_token', 'account_token', 'webhook_secret'))
);
--> statement-breakpoint
CREATE TABLE "token"."vault_canary" (
	"id" smallint PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "vault_canary_single_row" CHECK (id = 1)
);
--> statement-breakpoint
CREATE TABLE "token"."vault_data_keys" (
	"tenant_id" text collate "C" NOT NULL,
	"version" integer NOT NULL,
	"kek_version" integer NOT NULL,
	"wrapped_key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vault_data_keys_pkey" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
ALTER TABLE "token"."connection_accounts" ADD CONSTRAINT "connection_accounts_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "token"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token"."secrets" ADD CONSTRAINT "secrets_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "token"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token"."secrets" ADD CONSTRAINT "secrets_account_id_connection_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "token"."connection_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connection_accounts_tenant_idx" ON "token"."connection_accounts" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "connection_accounts_external_idx" ON "token"."connection_accounts" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "connections_tenant_created_idx" ON "token"."connections" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "connections_platform_user_idx" ON "token"."connections" USING btree ("platform","external_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "connections_webhook_secret_hash_key" ON "token"."connections" USING btree ("webhook_secret_hash") WHERE webhook_secret_hash is not null;--> statement-breakpoint
CREATE INDEX "outbox_unsent_idx" ON "token"."outbox" USING btree ("created_at","id") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "secret_access_log_connection_idx" ON "token"."secret_access_log" USING btree ("tenant_id","connection_id","at");--> statement-breakpoint
CREATE INDEX "secrets_dek_version_idx" ON "token"."secrets" USING btree ("dek_version");--> statement-breakpoint
CREATE INDEX "vault_data_keys_kek_version_idx" ON "token"."vault_data_keys" USING btree ("kek_version");