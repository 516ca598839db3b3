using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Liuyu.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Stations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "station_values",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mn = table.Column<string>(type: "text", nullable: false),
                    section_id = table.Column<string>(type: "text", nullable: false),
                    cn = table.Column<string>(type: "text", nullable: false),
                    qn = table.Column<string>(type: "text", nullable: true),
                    data_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<decimal>(type: "numeric(24,8)", precision: 24, scale: 8, nullable: false),
                    flag = table.Column<string>(type: "text", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_station_values", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stations",
                columns: table => new
                {
                    mn = table.Column<string>(type: "text", nullable: false),
                    section_id = table.Column<string>(type: "text", nullable: false),
                    password = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    indicators = table.Column<string>(type: "text", nullable: false),
                    import_batch_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stations", x => x.mn);
                });

            migrationBuilder.CreateIndex(
                name: "IX_station_values_section_id_month",
                table: "station_values",
                columns: new[] { "section_id", "month" });

            migrationBuilder.CreateIndex(
                name: "ux_station_values_key",
                table: "station_values",
                columns: new[] { "mn", "cn", "data_time", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stations_section_id",
                table: "stations",
                column: "section_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "station_values");

            migrationBuilder.DropTable(
                name: "stations");
        }
    }
}
