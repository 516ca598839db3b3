using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Postgres
{
    /// <summary>
    /// Issue 14: station_months, the stored class of each section-month from its stations (see StationMonthRow), so
    /// that loading the scheme no longer reads every hourly value.
    /// </summary>
    public partial class StationMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "station_months",
                columns: table => new
                {
                    section_id = table.Column<string>(type: "text", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    touched = table.Column<long>(type: "bigint", nullable: false),
                    computed = table.Column<long>(type: "bigint", nullable: false),
                    inputs = table.Column<string>(type: "text", nullable: false),
                    mns = table.Column<string>(type: "text", nullable: false),
                    uses_station = table.Column<bool>(type: "boolean", nullable: false),
                    @class = table.Column<int>(name: "class", type: "integer", nullable: true),
                    deciding = table.Column<string>(type: "text", nullable: false),
                    participating = table.Column<int>(type: "integer", nullable: false),
                    value_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_station_months", x => new { x.section_id, x.month });
                });

            // The section-months that already have valid hourly values start stale: evaluated from their values when
            // the scheme is loaded, and stored at the receiver's next refresh.
            migrationBuilder.Sql("""
                INSERT INTO station_months (section_id, month, touched, computed, inputs, mns, uses_station, deciding, participating, value_count)
                SELECT DISTINCT section_id, month, 1, 0, '', '', false, '', 0, 0 FROM station_values WHERE cn = '2061' AND flag = 'N'
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "station_months");
        }
    }
}
