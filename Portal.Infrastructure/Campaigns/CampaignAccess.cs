using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>A campaign as a scope may see it: loaded only for a department the scope allows.</summary>
internal static class CampaignAccess
{
    public static async Task<Campaign> LoadAsync(PortalDbContext db, DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken) ?? throw new NotFoundException("The campaign");
        EnsureAllowed(scope, campaign.DepartmentId);
        return campaign;
    }

    public static void EnsureAllowed(DepartmentScope scope, Guid departmentId)
    {
        if (!scope.Allows(departmentId))
        {
            throw new AccessDeniedException();
        }
    }

}
