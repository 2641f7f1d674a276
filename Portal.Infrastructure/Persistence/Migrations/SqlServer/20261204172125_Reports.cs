using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstAnsweredAt",
                table: "Threads",
                type: "datetime2",
                nullable: true);

            // Conversations people answered before this migration keep that: their next answer is not a first response.
            migrationBuilder.Sql(
                "UPDATE Threads SET FirstAnsweredAt = (SELECT MIN(m.OccurredAt) FROM Messages m WHERE m.ThreadId = Threads.Id " +
                "AND m.Direction = 'Outbound' AND m.Kind = 'Text' AND m.AuthorType IN ('User', 'Api') AND m.IsAutomated = 0)");

            migrationBuilder.CreateTable(
                name: "ResponseTimes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ThreadId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ResponderUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    WaitedFrom = table.Column<DateTime>(type: "datetime2", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    WallSeconds = table.Column<int>(type: "int", nullable: false),
                    BusinessSeconds = table.Column<int>(type: "int", nullable: false),
                    IsFirstResponse = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResponseTimes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResponseTimes_Threads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "Threads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ResponseTimes_DepartmentId_AnsweredAt",
                table: "ResponseTimes",
                columns: new[] { "DepartmentId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResponseTimes_ResponderUserId_AnsweredAt",
                table: "ResponseTimes",
                columns: new[] { "ResponderUserId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResponseTimes_ThreadId",
                table: "ResponseTimes",
                column: "ThreadId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResponseTimes");

            migrationBuilder.DropColumn(
                name: "FirstAnsweredAt",
                table: "Threads");
        }
    }
}
