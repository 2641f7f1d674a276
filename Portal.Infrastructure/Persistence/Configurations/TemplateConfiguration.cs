using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Templates;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Body).HasMaxLength(MessageBodyLimits.MaxTextLength);
        builder.HasOne<Department>().WithMany().HasForeignKey(t => t.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.DepartmentId, t.Name }).IsUnique();
    }
}
