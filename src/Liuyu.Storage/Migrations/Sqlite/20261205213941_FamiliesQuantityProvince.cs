using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FamiliesQuantityProvince : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "province",
                table: "parties",
                type: "TEXT",
                nullable: false,
                defaultValue: "重庆");

            migrationBuilder.AddColumn<decimal>(
                name: "flow",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "flow_target",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "parameters",
                table: "ledger_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "family_parameters",
                table: "agreements",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "quantity_amount_fen",
                table: "agreements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "quantity_mode",
                table: "agreements",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "flows",
                columns: table => new
                {
                    section_id = table.Column<string>(type: "TEXT", nullable: false),
                    month = table.Column<int>(type: "INTEGER", nullable: false),
                    min_daily_flow = table.Column<decimal>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_flows", x => new { x.section_id, x.month });
                });

            migrationBuilder.CreateTable(
                name: "quantity_targets",
                columns: table => new
                {
                    section_id = table.Column<string>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    min_flow = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quantity_targets", x => new { x.section_id, x.year });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flows");

            migrationBuilder.DropTable(
                name: "quantity_targets");

            migrationBuilder.DropColumn(
                name: "province",
                table: "parties");

            migrationBuilder.DropColumn(
                name: "flow",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "flow_target",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "parameters",
                table: "ledger_lines");

            migrationBuilder.DropColumn(
                name: "family_parameters",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "quantity_amount_fen",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "quantity_mode",
                table: "agreements");
        }
    }
}
