using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JointAndSettlementSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "joint_activities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    river_id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    parties = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_joint_activities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "settlement_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    river_id = table.Column<string>(type: "TEXT", nullable: true),
                    party_id = table.Column<string>(type: "TEXT", nullable: true),
                    statement_digest = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlement_steps", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_joint_activities_river_id",
                table: "joint_activities",
                column: "river_id");

            migrationBuilder.CreateIndex(
                name: "IX_settlement_steps_year",
                table: "settlement_steps",
                column: "year");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "joint_activities");

            migrationBuilder.DropTable(
                name: "settlement_steps");
        }
    }
}
