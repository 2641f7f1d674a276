#!/usr/bin/env bash
# Adds a migration for both database providers: scripts/add-migration.sh AddCampaigns
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" \
    --project Portal.Infrastructure --startup-project Portal.Infrastructure \
    --context "${provider}PortalDbContext" \
    --output-dir "Persistence/Migrations/$provider"
done
rm -f Portal.Infrastructure/design-time.db
