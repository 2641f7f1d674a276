
namespace Portal.Web.Components.Shared;

/// <summary>
/// Shows a use case's <see cref="ValidationException"/> on the form's own fields, next to the client-side rules. Put it
/// inside an <c>EditForm</c> and keep a reference: <c>&lt;ServerValidation @ref="server" /&gt;</c>, then
/// <c>server.Show(e, nameof(Input.Name))</c>. A field's server error clears when the field is edited or the form is
/// submitted again.
/// </summary>
public sealed class ServerValidation : ComponentBase, IDisposable
{
    private ValidationMessageStore? messages;
    private EditContext? subscribed;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    protected override void OnParametersSet()
    {
        var context = CurrentEditContext ?? throw new InvalidOperationException($"{nameof(ServerValidation)} goes inside an EditForm.");
        if (ReferenceEquals(context, subscribed))
        {
            return;
        }

        Unsubscribe();
        messages = new ValidationMessageStore(context);
        context.OnValidationRequested += ClearAll;
        context.OnFieldChanged += ClearField;
        subscribed = context;
    }

    /// <summary>Every error of <paramref name="error"/> on its field; one without a field goes on <paramref name="fallbackField"/>.</summary>
    public void Show(ValidationException error, string fallbackField)
    {
        foreach (var (field, errors) in error.Errors)
        {
            messages!.Add(subscribed!.Field(string.IsNullOrEmpty(field) ? fallbackField : field), errors);
        }

        subscribed!.NotifyValidationStateChanged();
    }

    /// <summary>One message on one field, for a refusal that names no field itself.</summary>
    public void Show(string field, string message)
    {
        messages!.Add(subscribed!.Field(field), message);
        subscribed.NotifyValidationStateChanged();
    }

    public void Dispose() => Unsubscribe();

    private void ClearAll(object? sender, ValidationRequestedEventArgs e) => messages?.Clear();

    private void ClearField(object? sender, FieldChangedEventArgs e)
    {
        if (messages is not null && messages[e.FieldIdentifier].Any())
        {
            messages.Clear(e.FieldIdentifier);
            // The form's own validator may have announced the field's state already, with this message still in it.
            subscribed?.NotifyValidationStateChanged();
        }
    }

    private void Unsubscribe()
    {
        if (subscribed is not null)
        {
            subscribed.OnValidationRequested -= ClearAll;
            subscribed.OnFieldChanged -= ClearField;
            messages?.Clear();
        }
    }
}
