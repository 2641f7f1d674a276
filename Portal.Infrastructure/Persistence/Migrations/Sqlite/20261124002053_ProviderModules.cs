using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProviderModules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestPath",
                table: "WebhookEvents",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            // Events recorded before routes were kept: SignalWire's route follows from the event type, so they replay as before.
            migrationBuilder.Sql("UPDATE WebhookEvents SET RequestPath = CASE WHEN EventType LIKE 'status.%' THEN 'status' ELSE 'messages' END WHERE Provider = 'SignalWire' AND RequestPath = ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RequestPath",
                table: "WebhookEvents");
        }
    }
}
