using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SparseLedgerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_lines_reverses",
                table: "ledger_lines");

            migrationBuilder.DropIndex(
                name: "IX_ledger_lines_supersedes",
                table: "ledger_lines");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_reverses",
                table: "ledger_lines",
                column: "reverses",
                unique: true,
                filter: "reverses IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_supersedes",
                table: "ledger_lines",
                column: "supersedes",
                unique: true,
                filter: "supersedes IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_lines_reverses",
                table: "ledger_lines");

            migrationBuilder.DropIndex(
                name: "IX_ledger_lines_supersedes",
                table: "ledger_lines");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_reverses",
                table: "ledger_lines",
                column: "reverses",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_supersedes",
                table: "ledger_lines",
                column: "supersedes",
                unique: true);
        }
    }
}
