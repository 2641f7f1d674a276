namespace Portal.Core.Messages;

public enum AuthorType
{
    Customer,
    User,
    System,
    Campaign,
    Api,
}
