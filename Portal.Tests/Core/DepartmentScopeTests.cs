using Portal.Core.Security;

namespace Portal.Tests.Core;

public class DepartmentScopeTests
{
    private static readonly Guid Sales = Guid.NewGuid();
    private static readonly Guid Service = Guid.NewGuid();
    private static readonly Guid User = Guid.NewGuid();

    [Fact]
    public void Admins_see_every_department_whatever_their_membership()
    {
        var scope = DepartmentScope.For(User, [Roles.Admin], []);

        Assert.True(scope.AllDepartments);
        Assert.True(scope.Allows(Sales));
        Assert.True(scope.Allows(Guid.NewGuid()));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public void Staff_and_managers_see_only_their_departments(string role)
    {
        var scope = DepartmentScope.For(User, [role], [Service]);

        Assert.False(scope.AllDepartments);
        Assert.True(scope.Allows(Service));
        Assert.False(scope.Allows(Sales));
    }

    [Fact]
    public void A_user_without_a_role_sees_nothing_even_with_memberships()
    {
        var scope = DepartmentScope.For(User, [], [Sales, Service]);

        Assert.False(scope.Allows(Sales));
        Assert.False(scope.Allows(Service));
    }

    [Fact]
    public void Nobody_sees_nothing()
    {
        Assert.False(DepartmentScope.Nobody.Allows(Sales));
        Assert.False(DepartmentScope.Nobody.AllDepartments);
    }
}
