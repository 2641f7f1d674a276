using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReportCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ActivityAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            // Texts from before the column: received when received, sent when first queued, sent or refused.
            migrationBuilder.Sql(
                "UPDATE Messages SET ActivityAt = COALESCE(ReceivedAt, QueuedAt, SentAt, FailedAt, OccurredAt) " +
                "WHERE Status NOT IN ('Draft', 'Scheduled', 'Canceled')");

            migrationBuilder.CreateTable(
                name: "ActivityCounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    HourStart = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ProviderAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Origin = table.Column<int>(type: "int", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    FailureReason = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityCounts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_ClosedAt",
                table: "Threads",
                column: "ClosedAt",
                filter: "ClosedAt IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Threads_CreatedAt",
                table: "Threads",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ActivityAt",
                table: "Messages",
                column: "ActivityAt",
                filter: "ActivityAt IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CampaignId_SentAt_ThreadId",
                table: "Messages",
                columns: new[] { "CampaignId", "SentAt", "ThreadId" },
                filter: "CampaignId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentEntries_ActedAt",
                table: "ConsentEntries",
                column: "ActedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ActivityCounts_HourStart_DepartmentId",
                table: "ActivityCounts",
                columns: new[] { "HourStart", "DepartmentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityCounts");

            migrationBuilder.DropIndex(
                name: "IX_Threads_ClosedAt",
                table: "Threads");

            migrationBuilder.DropIndex(
                name: "IX_Threads_CreatedAt",
                table: "Threads");

            migrationBuilder.DropIndex(
                name: "IX_Messages_ActivityAt",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_CampaignId_SentAt_ThreadId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_ConsentEntries_ActedAt",
                table: "ConsentEntries");

            migrationBuilder.DropColumn(
                name: "ActivityAt",
                table: "Messages");
        }
    }
}
