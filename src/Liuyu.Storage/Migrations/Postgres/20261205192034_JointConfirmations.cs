using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Liuyu.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JointConfirmations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "awaiting",
                table: "joint_activities",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recorded_by",
                table: "joint_activities",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "awaiting",
                table: "joint_activities");

            migrationBuilder.DropColumn(
                name: "recorded_by",
                table: "joint_activities");
        }
    }
}
