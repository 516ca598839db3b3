using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Liuyu.Storage.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    section_id = table.Column<string>(type: "text", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    @class = table.Column<int>(name: "class", type: "integer", nullable: true),
                    deciding_indicators = table.Column<string>(type: "text", nullable: false),
                    participating_indicators = table.Column<string>(type: "text", nullable: false),
                    sample_count = table.Column<int>(type: "integer", nullable: false),
                    water_body = table.Column<string>(type: "text", nullable: false),
                    total_nitrogen = table.Column<bool>(type: "boolean", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    import_batch_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_computed_results", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "samples",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    section_id = table.Column<string>(type: "text", nullable: false),
                    sampled_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    indicator = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<decimal>(type: "numeric", nullable: true),
                    below_detection_limit = table.Column<bool>(type: "boolean", nullable: false),
                    detection_limit = table.Column<decimal>(type: "numeric", nullable: true),
                    unit = table.Column<string>(type: "text", nullable: true),
                    saturation_percent = table.Column<decimal>(type: "numeric", nullable: true),
                    measured_by = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<string>(type: "text", nullable: false),
                    imported_from = table.Column<string>(type: "text", nullable: true),
                    imported_row = table.Column<int>(type: "integer", nullable: true),
                    import_batch_id = table.Column<long>(type: "bigint", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    imported_by = table.Column<string>(type: "text", nullable: false)
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
