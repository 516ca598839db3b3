using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Postgres
{
    /// <summary>The ledger's key index serves lookups by section and month too (see <see cref="LedgerKeyIndexSql"/>).</summary>
    public partial class LedgerKeyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: LedgerKeyIndexSql.Name,
                table: "ledger_lines");

            migrationBuilder.Sql(LedgerKeyIndexSql.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: LedgerKeyIndexSql.Name,
                table: "ledger_lines");

            migrationBuilder.CreateIndex(
                name: LedgerKeyIndexSql.Name,
                table: "ledger_lines",
                columns: new[] { "section_id", "month", "purpose" },
                unique: true,
                filter: LedgerKeyIndexSql.Filtered);
        }
    }
}
