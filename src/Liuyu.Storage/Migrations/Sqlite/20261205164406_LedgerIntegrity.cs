using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerIntegrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_lines_section_id_month_purpose",
                table: "ledger_lines");

            migrationBuilder.AddColumn<string>(
                name: "chain_hash",
                table: "settlement_steps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "settlement_steps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "baseline_basis",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "chain_hash",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "class_difference",
                table: "ledger_lines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "note_args",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "note_code",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "result_revision",
                table: "ledger_lines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "supersedes",
                table: "ledger_lines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "tier1_fen",
                table: "ledger_lines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "tier2_fen",
                table: "ledger_lines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "chain_hash",
                table: "closed_years",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "chain_index",
                table: "closed_years",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "closed_years",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ledger_length",
                table: "closed_years",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "year_digest",
                table: "closed_years",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "chain_hash",
                table: "audit_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "audit_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "chain_heads",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    length = table.Column<long>(type: "INTEGER", nullable: false),
                    last_id = table.Column<long>(type: "INTEGER", nullable: false),
                    head = table.Column<string>(type: "TEXT", nullable: false),
                    seal = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chain_heads", x => x.name);
                });

            // Each posting names the posting of its key it supersedes (the one before it), so that the unique
            // indexes below can keep one current posting per (section, month, purpose) from now on.
            migrationBuilder.Sql(
                "UPDATE ledger_lines SET supersedes = (SELECT MAX(p.sequence) FROM ledger_lines p " +
                "WHERE p.kind = 'posting' AND p.section_id = ledger_lines.section_id AND p.month = ledger_lines.month " +
                "AND p.purpose = ledger_lines.purpose AND p.sequence < ledger_lines.sequence) WHERE kind = 'posting'");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_supersedes",
                table: "ledger_lines",
                column: "supersedes",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_ledger_lines_first_posting",
                table: "ledger_lines",
                columns: new[] { "section_id", "month", "purpose" },
                unique: true,
                filter: "kind = 'posting' AND supersedes IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chain_heads");

            migrationBuilder.DropIndex(
                name: "IX_ledger_lines_supersedes",
                table: "ledger_lines");

            migrationBuilder.DropIndex(
                name: "ux_ledger_lines_first_posting",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "chain_hash",
                table: "settlement_steps");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "settlement_steps");

            migrationBuilder.DropColumn(
                name: "baseline_basis",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "chain_hash",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "class_difference",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "note_args",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "note_code",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "result_revision",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "supersedes",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "tier1_fen",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "tier2_fen",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "chain_hash",
                table: "closed_years");

            migrationBuilder.DropColumn(
                name: "chain_index",
                table: "closed_years");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "closed_years");

            migrationBuilder.DropColumn(
                name: "ledger_length",
                table: "closed_years");

            migrationBuilder.DropColumn(
                name: "year_digest",
                table: "closed_years");

            migrationBuilder.DropColumn(
                name: "chain_hash",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "audit_entries");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_section_id_month_purpose",
                table: "ledger_lines",
                columns: new[] { "section_id", "month", "purpose" });
        }
    }
}
