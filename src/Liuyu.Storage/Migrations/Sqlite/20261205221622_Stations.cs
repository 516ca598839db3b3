using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    mn = table.Column<string>(type: "TEXT", nullable: false),
                    section_id = table.Column<string>(type: "TEXT", nullable: false),
                    cn = table.Column<string>(type: "TEXT", nullable: false),
                    qn = table.Column<string>(type: "TEXT", nullable: true),
                    data_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    month = table.Column<int>(type: "INTEGER", nullable: false),
                    code = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<decimal>(type: "TEXT", precision: 24, scale: 8, nullable: false),
                    flag = table.Column<string>(type: "TEXT", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_station_values", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stations",
                columns: table => new
                {
                    mn = table.Column<string>(type: "TEXT", nullable: false),
                    section_id = table.Column<string>(type: "TEXT", nullable: false),
                    password = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    indicators = table.Column<string>(type: "TEXT", nullable: false),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: false)
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
