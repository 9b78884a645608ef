CREATE TABLE "oauth"."oauth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"state_hash" text NOT NULL,
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"return_to" text,
	"code_verifier_ciphertext" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"outcome" text,
	"connection_id" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_sessions_state_hash_key" UNIQUE("state_hash")
);
--> statement-breakpoint
CREATE INDEX "oauth_sessions_expires_at_idx" ON "oauth"."oauth_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "oauth_sessions_tenant_created_idx" ON "oauth"."oauth_sessions" USING btree ("tenant_id","created_at");