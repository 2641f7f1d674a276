using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Security;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers.Simulator;

namespace Portal.Infrastructure.Seeding;

/// <summary>A living demo dealership: three departments, a manager and a staff user each, and a few hundred conversations.</summary>
internal sealed class DemoDataSeeder(
    PortalDbContext db,
    UserManager<PortalUser> users,
    PhoneNumberNormalizer phones,
    IPasswordGenerator passwords,
    IOptions<PortalOptions> options,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    public static readonly string[] DepartmentNames = ["Sales", "Service", "Parts"];
    private static readonly string[] AreaCodes = ["312", "773", "630", "847", "708", "815", "224", "331"];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value.Demo;
        var faker = new Faker("en") { Random = new Randomizer(demo.RandomSeed) };
        var now = clock.GetUtcNow().UtcDateTime;
        var password = string.IsNullOrEmpty(demo.Password) ? passwords.Generate() : demo.Password;

        var departments = DepartmentNames.Select(name => new Department
        {
            Name = name,
            TimeZoneId = "America/Chicago",
            HelpText = $"Thanks for texting the {name} team. Reply STOP to opt out. Call us at (312) 555-0100.",
        }).ToList();
        db.Departments.AddRange(departments);
        await db.SaveChangesAsync(cancellationToken);

        // Every demo department texts through the built-in Simulator, so sending works with nothing to set up.
        foreach (var department in departments)
        {
            var simulator = new ProviderAccount
            {
                Kind = SimulatorModule.Kind,
                Name = $"{department.Name} texting",
                DepartmentId = department.Id,
                FromNumber = "+13125550100",
                Settings = new Dictionary<string, string> { [SimulatorProvider.FailNumbers] = "+13125550000" },
            };
            db.ProviderAccounts.Add(simulator);
            department.DefaultProviderAccountId = simulator.Id;
        }

        await db.SaveChangesAsync(cancellationToken);

        var staffByDepartment = new Dictionary<Guid, List<PortalUser>>();
        foreach (var department in departments)
        {
            var members = new List<PortalUser>();
            foreach (var role in new[] { Roles.Manager, Roles.Staff })
            {
                var user = await CreateUserAsync($"{role.ToLowerInvariant()}.{department.Name.ToLowerInvariant()}@demo.portal", faker.Name.FullName(), role, password, now);
                db.DepartmentMembers.Add(new DepartmentMember { DepartmentId = department.Id, UserId = user.Id });
                members.Add(user);
            }

            staffByDepartment[department.Id] = members;
        }

        db.Templates.AddRange(
            new Template { Name = "Appointment reminder", Type = TemplateType.Nudge, Body = "Hi {{ customer.first_name }}, a reminder of your appointment tomorrow. Reply C to confirm." },
            new Template { Name = "New lead welcome", Type = TemplateType.InitialText, Body = "Hi {{ customer.first_name | default: \"there\" }}, this is {{ rep.name }}. Thanks for your interest in the {{ vehicle }}!" },
            new Template { Name = "Vehicle ready", Type = TemplateType.InitialText, Body = "Hi {{ customer.first_name }}, your vehicle is ready for pickup." });

        var messageCount = 0;
        var usedPhones = new HashSet<string>();
        // A sixth of the customers (up to 24) are the leads of a past campaign.
        var leadCount = Math.Min(24, demo.Customers / 6);
        for (var i = 0; i < demo.Customers - leadCount; i++)
        {
            var customer = NewCustomer(faker, usedPhones);
            db.Customers.Add(customer);

            var threadCount = faker.Random.WeightedRandom([1, 2], [0.85f, 0.15f]);
            foreach (var department in faker.PickRandom(departments, threadCount))
            {
                messageCount += AddConversation(faker, department, customer, staffByDepartment[department.Id], now);
            }
        }

        // Leads the Sales team texted in a campaign, most of them new to the dealership.
        var sales = departments.Single(d => d.Name == "Sales");
        var leads = Enumerable.Range(0, leadCount).Select(_ => NewCustomer(faker, usedPhones)).ToList();
        db.Customers.AddRange(leads);
        messageCount += DemoCampaign.Add(db, faker, sales, staffByDepartment[sales.Id], leads, now);

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation(
            "Demo data created: {Departments} departments, {Customers} customers, {Messages} messages",
            departments.Count, demo.Customers, messageCount);
        if (string.IsNullOrEmpty(demo.Password))
        {
            logger.LogWarning(
                "Demo users manager.<department>@demo.portal and staff.<department>@demo.portal (sales, service, parts) share the password {Password}. It will not be shown again.",
                password);
        }
    }

    private async Task<PortalUser> CreateUserAsync(string email, string name, string role, string password, DateTime now)
    {
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now };
        Check(await users.CreateAsync(user, password), email);
        Check(await users.AddToRoleAsync(user, role), email);
        return user;
    }

    private Customer NewCustomer(Faker faker, HashSet<string> usedPhones)
    {
        string phone;
        do
        {
            var raw = $"+1{faker.PickRandom(AreaCodes)}{faker.Random.Number(200, 999)}{faker.Random.Number(0, 9999):D4}";
            phone = phones.TryNormalize(raw, out var e164) ? e164 : "";
        }
        while (phone.Length == 0 || !usedPhones.Add(phone));

        var first = faker.Name.FirstName();
        var last = faker.Name.LastName();
        var email = faker.Random.Bool(0.7f) ? faker.Internet.Email(first, last).ToLowerInvariant() : null;
        var consent = faker.Random.Bool(0.6f) ? ConsentStatus.OptedIn : ConsentStatus.Unknown;
        var dmsId = faker.Random.Bool(0.5f) ? $"DMS-{faker.Random.Number(100000, 999999)}" : null;
        var leadId = faker.Random.Bool(0.3f) ? faker.Random.AlphaNumeric(12) : null;
        var customer = new Customer
        {
            FirstName = first,
            LastName = last,
            Phone = phone,
            Email = email,
            Consent = consent,
            Lead = new LeadProfile
            {
                VehicleOfInterest = faker.PickRandom(DemoConversations.Vehicles),
                Budget = faker.Random.Bool(0.6f) ? faker.Random.Number(18, 70) * 1000 : null,
                TimeToPurchase = faker.PickRandom(DemoConversations.TimesToPurchase),
                ProcessStatus = faker.PickRandom(DemoConversations.ProcessStatuses),
                Source = faker.PickRandom("Website", "Walk-in", "Phone", "Drivly", "Referral"),
            },
            Tags = faker.Random.Bool(0.3f) ? [faker.PickRandom("VIP", "Fleet", "Repeat buyer", "Warranty")] : [],
        };
        if (customer.Consent == ConsentStatus.OptedIn)
        {
            var signed = clock.GetUtcNow().UtcDateTime.AddDays(-faker.Random.Number(30, 400));
            Record(customer, new ConsentEntry
            {
                Number = phone, Status = ConsentStatus.OptedIn, ActedAt = signed, RecordedAt = signed, Source = ConsentSource.Staff,
                RecordedBy = "Demo data", Detail = "Signed consent form at the dealership",
            });
        }

        customer.SetExternalId(Providers.Dms.DmsModule.Kind.Name, dmsId);
        customer.SetExternalId(Providers.Drivly.DrivlyModule.Kind.Name, leadId);
        return customer;
    }

    /// <summary>Adds the entry to its number's ledger and shows it on the customer.</summary>
    private void Record(Customer customer, ConsentEntry entry)
    {
        db.ConsentEntries.Add(entry);
        Consent.NumberConsent.Show(customer, entry);
    }

    private int AddConversation(Faker faker, Department department, Customer customer, List<PortalUser> staff, DateTime now)
    {
        var rep = faker.PickRandom(staff);
        customer.Lead.SalesRep ??= department.Name == "Sales" ? rep.DisplayName : null;
        var script = faker.PickRandom(DemoConversations.ByDepartment[department.Name]);

        // Most activity is recent so the inbox looks alive; a long tail goes back two months.
        var start = now.AddMinutes(-faker.Random.Double() * faker.Random.Double() * 60 * 24 * 60);
        var thread = new ConversationThread
        {
            DepartmentId = department.Id,
            CustomerId = customer.Id,
            AssigneeId = faker.Random.Bool(0.7f) ? rep.Id : null,
            LastActivityAt = start,
            CreatedAt = start,
        };
        db.Threads.Add(thread);

        var at = start;
        var count = 0;
        foreach (var line in script)
        {
            at = at.AddMinutes(faker.Random.Number(1, 90));
            if (at > now)
            {
                break;
            }

            var text = line[2..]
                .Replace("{first}", customer.FirstName)
                .Replace("{vehicle}", customer.Lead.VehicleOfInterest)
                .Replace("{rep}", rep.DisplayName.Split(' ')[0]);
            var message = line[0] switch
            {
                'C' => Inbound(thread, text, at),
                'D' => Outbound(faker, thread, text, rep, at),
                _ => Note(thread, text, rep, at),
            };
            if (message.Direction != MessageDirection.Internal)
            {
                message.ProviderAccountId = department.DefaultProviderAccountId;
            }

            db.Messages.Add(message);
            thread.Touch(message);
            if (message.Direction == MessageDirection.Inbound)
            {
                thread.AwaitReply(message.OccurredAt);
            }
            else if (message.Direction == MessageDirection.Outbound
                && thread.AnsweredBy(rep.Id, message.OccurredAt, department.SendingHours, department.TimeZone) is { } measured)
            {
                db.ResponseTimes.Add(measured);
            }

            count++;
        }

        if (faker.Random.Bool(0.04f))
        {
            at = at.AddMinutes(5);
            var stop = Inbound(thread, "STOP", at);
            stop.ProviderAccountId = department.DefaultProviderAccountId;
            db.Messages.Add(stop);
            thread.Touch(stop);
            Record(customer, new ConsentEntry
            {
                Number = customer.Phone!, Status = ConsentStatus.OptedOut, ActedAt = at, RecordedAt = at, Source = ConsentSource.Keyword,
                MessageId = stop.Id, Detail = "Texted “STOP”",
            });
            var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, $"{customer.FirstName} opted out of texts (replied STOP)", MessageStatus.Received, at);
            line.AuthorType = AuthorType.System;
            db.Messages.Add(line);
            count += 2;
        }
        else if (faker.Random.Bool(0.06f))
        {
            var followUp = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text,
                $"Hi {customer.FirstName}, just following up - let me know if you have any questions!", MessageStatus.Draft, now);
            followUp.AuthorType = AuthorType.User;
            followUp.AuthorUserId = rep.Id;
            followUp.AuthorName = rep.DisplayName;
            followUp.SendAt = now.AddHours(faker.Random.Number(2, 72));
            followUp.MoveTo(MessageStatus.Scheduled, now);
            db.Messages.Add(followUp);
            count++;
        }

        var lastIsInbound = thread.LastMessageDirection == MessageDirection.Inbound;
        if (!lastIsInbound || faker.Random.Bool(0.75f))
        {
            foreach (var member in staff)
            {
                db.ThreadReadStates.Add(new ThreadReadState { ThreadId = thread.Id, UserId = member.Id, LastReadAt = thread.LastActivityAt });
            }
        }

        if (faker.Random.Bool(0.15f) && thread.LastActivityAt < now.AddDays(-7))
        {
            thread.Status = ThreadStatus.Closed;
            thread.ClosedAt = thread.LastActivityAt.AddHours(1);
            thread.Answered();
        }

        return count;
    }

    private static Message Inbound(ConversationThread thread, string text, DateTime at)
    {
        var message = Message.Create(thread.Id, MessageDirection.Inbound, MessageKind.Text, text, MessageStatus.Received, at);
        message.AuthorType = AuthorType.Customer;
        return message;
    }

    private static Message Outbound(Faker faker, ConversationThread thread, string text, PortalUser rep, DateTime at)
    {
        var message = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, text, MessageStatus.Draft, at);
        message.AuthorType = AuthorType.User;
        message.AuthorUserId = rep.Id;
        message.AuthorName = rep.DisplayName;
        message.MoveTo(MessageStatus.Queued, at);
        message.MoveTo(MessageStatus.Sending, at);
        message.Attempts = 1;
        if (faker.Random.Bool(0.03f))
        {
            message.MoveTo(MessageStatus.Sent, at);
            message.MoveTo(MessageStatus.Undelivered, at.AddSeconds(4));
            message.FailureReason = FailureReason.UnreachableHandset;
            message.FailureDetail = "30003: Unreachable destination handset";
            return message;
        }

        message.MoveTo(MessageStatus.Sent, at.AddSeconds(1));
        message.MoveTo(MessageStatus.Delivered, at.AddSeconds(3));
        return message;
    }

    private static Message Note(ConversationThread thread, string text, PortalUser author, DateTime at)
    {
        var note = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.Note, text, MessageStatus.Received, at);
        note.AuthorType = AuthorType.User;
        note.AuthorUserId = author.Id;
        note.AuthorName = author.DisplayName;
        return note;
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo user {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
