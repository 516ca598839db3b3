CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

CREATE TABLE "accounting_runs" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_accounting_runs" PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "started_at" TEXT NOT NULL,
    "lines_appended" INTEGER NOT NULL
);

CREATE TABLE "agreements" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_agreements" PRIMARY KEY AUTOINCREMENT,
    "river_id" TEXT NOT NULL,
    "effective_from" TEXT NOT NULL,
    "effective_to" TEXT NOT NULL,
    "tier1_fen" INTEGER NOT NULL,
    "tier2_fen" INTEGER NOT NULL,
    "rule_family" TEXT NOT NULL
);

CREATE TABLE "closed_years" (
    "year" INTEGER NOT NULL CONSTRAINT "PK_closed_years" PRIMARY KEY,
    "closed_at" TEXT NOT NULL,
    "closed_by" TEXT NOT NULL
);

CREATE TABLE "exemptions" (
    "section_id" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "finance_approved" INTEGER NOT NULL,
    "ecology_approved" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    CONSTRAINT "PK_exemptions" PRIMARY KEY ("section_id", "month")
);

CREATE TABLE "import_batches" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_import_batches" PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "imported_by" TEXT NOT NULL,
    "imported_at" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "summary" TEXT NOT NULL
);

CREATE TABLE "ledger_lines" (
    "sequence" INTEGER NOT NULL CONSTRAINT "PK_ledger_lines" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "posted_year" INTEGER NOT NULL,
    "is_adjustment" INTEGER NOT NULL,
    "reverses" INTEGER NULL,
    "river_id" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "payer" TEXT NULL,
    "payee" TEXT NULL,
    "amount_fen" INTEGER NOT NULL,
    "baseline" INTEGER NULL,
    "baseline_from" TEXT NULL,
    "result" INTEGER NULL,
    "source" TEXT NULL,
    "note" TEXT NULL,
    "exemption_reference" TEXT NULL,
    "policy_version" TEXT NOT NULL,
    "rule_family" TEXT NOT NULL,
    "input_digest" TEXT NOT NULL,
    "run_id" INTEGER NOT NULL
);

CREATE TABLE "parties" (
    "id" TEXT NOT NULL CONSTRAINT "PK_parties" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL
);

CREATE TABLE "payments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_payments" PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "payer" TEXT NOT NULL,
    "payee" TEXT NOT NULL,
    "amount_fen" INTEGER NOT NULL,
    "paid_on" TEXT NOT NULL
);

CREATE TABLE "policy" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_policy" PRIMARY KEY AUTOINCREMENT,
    "effective_from" TEXT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL
);

CREATE TABLE "results" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_results" PRIMARY KEY AUTOINCREMENT,
    "section_id" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "class" INTEGER NULL,
    "source" TEXT NOT NULL,
    "note" TEXT NULL,
    "deciding_indicators" TEXT NULL,
    "import_batch_id" INTEGER NOT NULL
);

CREATE TABLE "rivers" (
    "id" TEXT NOT NULL CONSTRAINT "PK_rivers" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "inflow_province" TEXT NULL,
    "ordinal" INTEGER NOT NULL
);

CREATE TABLE "sections" (
    "id" TEXT NOT NULL CONSTRAINT "PK_sections" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "river_id" TEXT NOT NULL,
    "upstream" TEXT NOT NULL,
    "downstream" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "distance_km" TEXT NOT NULL,
    "approved" INTEGER NOT NULL,
    "reference_section" TEXT NULL,
    "ordinal" INTEGER NOT NULL
);

CREATE TABLE "settings" (
    "key" TEXT NOT NULL CONSTRAINT "PK_settings" PRIMARY KEY,
    "value" TEXT NOT NULL
);

CREATE TABLE "signatures" (
    "river_id" TEXT NOT NULL,
    "party_id" TEXT NOT NULL,
    "signed_on" TEXT NOT NULL,
    CONSTRAINT "PK_signatures" PRIMARY KEY ("river_id", "party_id")
);

CREATE TABLE "substitutes" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_substitutes" PRIMARY KEY AUTOINCREMENT,
    "river_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "payer" TEXT NOT NULL,
    "payee" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "replaces_fen" INTEGER NOT NULL,
    "assessed_fen" INTEGER NOT NULL,
    "description" TEXT NOT NULL
);

CREATE TABLE "targets" (
    "section_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "class" INTEGER NOT NULL,
    CONSTRAINT "PK_targets" PRIMARY KEY ("section_id", "year")
);

CREATE INDEX "IX_agreements_river_id" ON "agreements" ("river_id");

CREATE INDEX "IX_ledger_lines_posted_year" ON "ledger_lines" ("posted_year");

CREATE UNIQUE INDEX "IX_ledger_lines_reverses" ON "ledger_lines" ("reverses");

CREATE INDEX "IX_ledger_lines_section_id_month_purpose" ON "ledger_lines" ("section_id", "month", "purpose");

CREATE INDEX "IX_payments_year" ON "payments" ("year");

CREATE UNIQUE INDEX "IX_results_section_id_month_revision" ON "results" ("section_id", "month", "revision");

CREATE INDEX "IX_sections_river_id" ON "sections" ("river_id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129154514_Initial', '10.0.15');

CREATE TABLE "computed_results" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_computed_results" PRIMARY KEY AUTOINCREMENT,
    "section_id" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "class" INTEGER NULL,
    "deciding_indicators" TEXT NOT NULL,
    "participating_indicators" TEXT NOT NULL,
    "sample_count" INTEGER NOT NULL,
    "water_body" TEXT NOT NULL,
    "total_nitrogen" INTEGER NOT NULL,
    "computed_at" TEXT NOT NULL,
    "import_batch_id" INTEGER NOT NULL
);

CREATE TABLE "samples" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_samples" PRIMARY KEY AUTOINCREMENT,
    "section_id" TEXT NOT NULL,
    "sampled_at" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "indicator" TEXT NOT NULL,
    "value" TEXT NULL,
    "below_detection_limit" INTEGER NOT NULL,
    "detection_limit" TEXT NULL,
    "unit" TEXT NULL,
    "saturation_percent" TEXT NULL,
    "measured_by" TEXT NULL,
    "source" TEXT NOT NULL,
    "imported_from" TEXT NULL,
    "imported_row" INTEGER NULL,
    "import_batch_id" INTEGER NOT NULL,
    "imported_at" TEXT NOT NULL,
    "imported_by" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_computed_results_section_id_month" ON "computed_results" ("section_id", "month");

CREATE INDEX "IX_samples_import_batch_id" ON "samples" ("import_batch_id");

CREATE INDEX "IX_samples_section_id_month" ON "samples" ("section_id", "month");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129155907_Samples', '10.0.15');

CREATE TABLE "joint_activities" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_joint_activities" PRIMARY KEY AUTOINCREMENT,
    "river_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "parties" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "import_batch_id" INTEGER NOT NULL
);

CREATE TABLE "settlement_steps" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_settlement_steps" PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "river_id" TEXT NULL,
    "party_id" TEXT NULL,
    "statement_digest" TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "by" TEXT NOT NULL
);

CREATE INDEX "IX_joint_activities_river_id" ON "joint_activities" ("river_id");

CREATE INDEX "IX_settlement_steps_year" ON "settlement_steps" ("year");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129161750_JointAndSettlementSteps', '10.0.15');

ALTER TABLE "exemptions" ADD "applied_by" TEXT NULL;

ALTER TABLE "exemptions" ADD "rejected_by" TEXT NULL;

ALTER TABLE "exemptions" ADD "rejection_reason" TEXT NULL;

CREATE TABLE "audit_entries" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "before" TEXT NULL,
    "after" TEXT NULL
);

CREATE TABLE "exemption_attachments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_exemption_attachments" PRIMARY KEY AUTOINCREMENT,
    "section_id" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploaded_at" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL
);

CREATE INDEX "IX_audit_entries_action" ON "audit_entries" ("action");

CREATE INDEX "IX_audit_entries_actor" ON "audit_entries" ("actor");

CREATE INDEX "IX_exemption_attachments_section_id_month" ON "exemption_attachments" ("section_id", "month");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204133321_AuditAndExemptionReview', '10.0.15');

DROP INDEX "IX_ledger_lines_section_id_month_purpose";

ALTER TABLE "settlement_steps" ADD "chain_hash" TEXT NULL;

ALTER TABLE "settlement_steps" ADD "content_hash" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "baseline_basis" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "chain_hash" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "class_difference" INTEGER NULL;

ALTER TABLE "ledger_lines" ADD "content_hash" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "note_args" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "note_code" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "result_revision" INTEGER NULL;

ALTER TABLE "ledger_lines" ADD "supersedes" INTEGER NULL;

ALTER TABLE "ledger_lines" ADD "tier1_fen" INTEGER NULL;

ALTER TABLE "ledger_lines" ADD "tier2_fen" INTEGER NULL;

ALTER TABLE "closed_years" ADD "chain_hash" TEXT NULL;

ALTER TABLE "closed_years" ADD "chain_index" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "closed_years" ADD "content_hash" TEXT NULL;

ALTER TABLE "closed_years" ADD "ledger_length" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "closed_years" ADD "year_digest" TEXT NULL;

ALTER TABLE "audit_entries" ADD "chain_hash" TEXT NULL;

ALTER TABLE "audit_entries" ADD "content_hash" TEXT NULL;

CREATE TABLE "chain_heads" (
    "name" TEXT NOT NULL CONSTRAINT "PK_chain_heads" PRIMARY KEY,
    "length" INTEGER NOT NULL,
    "last_id" INTEGER NOT NULL,
    "head" TEXT NOT NULL,
    "seal" TEXT NOT NULL
);

UPDATE ledger_lines SET supersedes = (SELECT MAX(p.sequence) FROM ledger_lines p WHERE p.kind = 'posting' AND p.section_id = ledger_lines.section_id AND p.month = ledger_lines.month AND p.purpose = ledger_lines.purpose AND p.sequence < ledger_lines.sequence) WHERE kind = 'posting';

CREATE UNIQUE INDEX "IX_ledger_lines_supersedes" ON "ledger_lines" ("supersedes");

CREATE UNIQUE INDEX "ux_ledger_lines_first_posting" ON "ledger_lines" ("section_id", "month", "purpose") WHERE kind = 'posting' AND supersedes IS NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205164406_LedgerIntegrity', '10.0.15');

ALTER TABLE "joint_activities" ADD "awaiting" TEXT NULL;

ALTER TABLE "joint_activities" ADD "recorded_by" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205191921_JointConfirmations', '10.0.15');

ALTER TABLE "parties" ADD "province" TEXT NOT NULL DEFAULT '重庆';

ALTER TABLE "ledger_lines" ADD "flow" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "flow_target" TEXT NULL;

ALTER TABLE "ledger_lines" ADD "parameters" TEXT NULL;

ALTER TABLE "agreements" ADD "family_parameters" TEXT NULL;

ALTER TABLE "agreements" ADD "quantity_amount_fen" INTEGER NULL;

ALTER TABLE "agreements" ADD "quantity_mode" TEXT NULL;

CREATE TABLE "flows" (
    "section_id" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "min_daily_flow" TEXT NULL,
    CONSTRAINT "PK_flows" PRIMARY KEY ("section_id", "month")
);

CREATE TABLE "quantity_targets" (
    "section_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "min_flow" TEXT NOT NULL,
    CONSTRAINT "PK_quantity_targets" PRIMARY KEY ("section_id", "year")
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205213941_FamiliesQuantityProvince', '10.0.15');

CREATE TABLE "section_aliases" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_section_aliases" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_section_aliases_name" ON "section_aliases" ("name");

CREATE INDEX "IX_section_aliases_section_id" ON "section_aliases" ("section_id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205214146_SectionAliases', '10.0.15');

CREATE TABLE "station_values" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_station_values" PRIMARY KEY AUTOINCREMENT,
    "mn" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "cn" TEXT NOT NULL,
    "qn" TEXT NULL,
    "data_time" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "flag" TEXT NULL,
    "received_at" TEXT NOT NULL
);

CREATE TABLE "stations" (
    "mn" TEXT NOT NULL CONSTRAINT "PK_stations" PRIMARY KEY,
    "section_id" TEXT NOT NULL,
    "password" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "indicators" TEXT NOT NULL,
    "import_batch_id" INTEGER NOT NULL
);

CREATE INDEX "IX_station_values_section_id_month" ON "station_values" ("section_id", "month");

CREATE UNIQUE INDEX "ux_station_values_key" ON "station_values" ("mn", "cn", "data_time", "code");

CREATE INDEX "IX_stations_section_id" ON "stations" ("section_id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205221622_Stations', '10.0.15');

DROP INDEX "ux_station_values_key";

CREATE UNIQUE INDEX "ux_station_values_key" ON "station_values" ("mn", "cn", "data_time", "code", "month");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206005329_StationPartitions', '10.0.15');

CREATE TABLE "station_months" (
    "section_id" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "touched" INTEGER NOT NULL,
    "computed" INTEGER NOT NULL,
    "inputs" TEXT NOT NULL,
    "mns" TEXT NOT NULL,
    "uses_station" INTEGER NOT NULL,
    "class" INTEGER NULL,
    "deciding" TEXT NOT NULL,
    "participating" INTEGER NOT NULL,
    "value_count" INTEGER NOT NULL,
    CONSTRAINT "PK_station_months" PRIMARY KEY ("section_id", "month")
);

INSERT INTO station_months (section_id, month, touched, computed, inputs, mns, uses_station, deciding, participating, value_count)
SELECT DISTINCT section_id, month, 1, 0, '', '', 0, '', 0, 0 FROM station_values WHERE cn = '2061' AND flag = 'N';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206005727_StationMonths', '10.0.15');

DROP INDEX "IX_ledger_lines_reverses";

DROP INDEX "IX_ledger_lines_supersedes";

CREATE UNIQUE INDEX "IX_ledger_lines_reverses" ON "ledger_lines" ("reverses") WHERE reverses IS NOT NULL;

CREATE UNIQUE INDEX "IX_ledger_lines_supersedes" ON "ledger_lines" ("supersedes") WHERE supersedes IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207021526_SparseLedgerIndexes', '10.0.15');

DROP INDEX "ux_ledger_lines_first_posting";

CREATE UNIQUE INDEX ux_ledger_lines_first_posting ON ledger_lines (section_id, month, purpose, (CASE WHEN kind = 'posting' AND supersedes IS NULL THEN 0 END));

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207175917_LedgerKeyIndex', '10.0.15');

CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
