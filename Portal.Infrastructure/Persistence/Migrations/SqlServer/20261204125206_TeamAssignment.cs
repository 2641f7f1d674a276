using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TeamAssignment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AwaitsAssignment",
                table: "Threads",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "AssignmentMode",
                table: "Departments",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Off");

            migrationBuilder.AddColumn<long>(
                name: "AssignmentTurn",
                table: "Departments",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "LastAutoAssigneeId",
                table: "Departments",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Capacity",
                table: "DepartmentMembers",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AwaySince",
                table: "AspNetUsers",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Threads_AwaitingAssignment",
                table: "Threads",
                columns: new[] { "DepartmentId", "AwaitsAssignment" },
                filter: "AwaitsAssignment = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Threads_AwaitingAssignment",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "AwaitsAssignment",
                table: "Threads");

            migrationBuilder.DropColumn(
                name: "AssignmentMode",
                table: "Departments");

            migrationBuilder.DropColumn(
                name: "AssignmentTurn",
                table: "Departments");

            migrationBuilder.DropColumn(
                name: "LastAutoAssigneeId",
                table: "Departments");

            migrationBuilder.DropColumn(
                name: "Capacity",
                table: "DepartmentMembers");

            migrationBuilder.DropColumn(
                name: "AwaySince",
                table: "AspNetUsers");
        }
    }
}
