using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Samples : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "computed_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    section_id = table.Column<string>(type: "TEXT", nullable: false),
                    month = table.Column<int>(type: "INTEGER", nullable: false),
                    @class = table.Column<int>(name: "class", type: "INTEGER", nullable: true),
                    deciding_indicators = table.Column<string>(type: "TEXT", nullable: false),
                    participating_indicators = table.Column<string>(type: "TEXT", nullable: false),
                    sample_count = table.Column<int>(type: "INTEGER", nullable: false),
                    water_body = table.Column<string>(type: "TEXT", nullable: false),
                    total_nitrogen = table.Column<bool>(type: "INTEGER", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_computed_results", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "samples",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    section_id = table.Column<string>(type: "TEXT", nullable: false),
                    sampled_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    month = table.Column<int>(type: "INTEGER", nullable: false),
                    indicator = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<decimal>(type: "TEXT", nullable: true),
                    below_detection_limit = table.Column<bool>(type: "INTEGER", nullable: false),
                    detection_limit = table.Column<decimal>(type: "TEXT", nullable: true),
                    unit = table.Column<string>(type: "TEXT", nullable: true),
                    saturation_percent = table.Column<decimal>(type: "TEXT", nullable: true),
                    measured_by = table.Column<string>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    imported_from = table.Column<string>(type: "TEXT", nullable: true),
                    imported_row = table.Column<int>(type: "INTEGER", nullable: true),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    imported_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_samples", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_computed_results_section_id_month",
                table: "computed_results",
                columns: new[] { "section_id", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_samples_import_batch_id",
                table: "samples",
                column: "import_batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_samples_section_id_month",
                table: "samples",
                columns: new[] { "section_id", "month" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "computed_results");

            migrationBuilder.DropTable(
                name: "samples");
        }
    }
}
