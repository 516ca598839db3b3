using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Issue 14: the twin of PostgreSQL's StationPartitions. SQLite has no partitions; only the idempotence key takes
    /// the month column, as PostgreSQL's must (the same key, the same ON CONFLICT target on both engines).
    /// </summary>
    public partial class StationPartitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_station_values_key",
                table: "station_values");

            migrationBuilder.CreateIndex(
                name: "ux_station_values_key",
                table: "station_values",
                columns: new[] { "mn", "cn", "data_time", "code", "month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_station_values_key",
                table: "station_values");

            migrationBuilder.CreateIndex(
                name: "ux_station_values_key",
                table: "station_values",
                columns: new[] { "mn", "cn", "data_time", "code" },
                unique: true);
        }
    }
}
