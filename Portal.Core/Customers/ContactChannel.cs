namespace Portal.Core.Customers;

public enum ContactChannel
{
    Text,
    Email,
    Phone,
}
