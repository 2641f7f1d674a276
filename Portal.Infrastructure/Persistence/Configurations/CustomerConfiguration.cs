using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Customers;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        // A phone number in E.164, or a sender exactly as a provider reported it (a short code, a name).
        builder.Property(c => c.Phone).HasMaxLength(Core.Customers.SenderAddress.MaxLength);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.ConsentSource).HasMaxLength(200);
        builder.OwnsMany(c => c.ExternalIds, id =>
        {
            id.ToTable("CustomerExternalIds");
            id.WithOwner().HasForeignKey("CustomerId");
            id.HasKey("CustomerId", nameof(CustomerExternalId.Module));
            id.Property(e => e.Module).HasMaxLength(50);
            id.Property(e => e.Value).HasMaxLength(CustomerExternalId.MaxLength);
            id.HasIndex(e => new { e.Module, e.Value });
        });
        builder.Property(c => c.TimeZoneId).HasMaxLength(64);
        builder.Property(c => c.Region).HasMaxLength(5);
        builder.ComplexProperty(c => c.Lead, lead =>
        {
            lead.Property(l => l.VehicleOfInterest).HasMaxLength(200).HasColumnName("LeadVehicleOfInterest");
            lead.Property(l => l.Budget).HasPrecision(12, 2).HasColumnName("LeadBudget");
            lead.Property(l => l.TimeToPurchase).HasMaxLength(100).HasColumnName("LeadTimeToPurchase");
            lead.Property(l => l.ProcessStatus).HasMaxLength(100).HasColumnName("LeadProcessStatus");
            lead.Property(l => l.SalesRep).HasMaxLength(100).HasColumnName("LeadSalesRep");
            lead.Property(l => l.Source).HasMaxLength(100).HasColumnName("LeadSource");
        });
        builder.PrimitiveCollection(c => c.Tags);
        builder.Ignore(c => c.DisplayName);
        builder.Ignore(c => c.IsOptedOut);

        // One customer per number in the dealership; consent belongs to the number (its ledger), not to this record.
        builder.HasIndex(c => c.Phone).IsUnique();
        builder.HasIndex(c => new { c.LastName, c.FirstName });
    }
}
