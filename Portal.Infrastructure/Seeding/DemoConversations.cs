namespace Portal.Infrastructure.Seeding;

/// <summary>
/// Short scripted exchanges per department. 'C' lines come from the customer, 'D' from the dealership, 'N' are internal notes.
/// {first}, {vehicle} and {rep} are filled in per customer.
/// </summary>
internal static class DemoConversations
{
    public static readonly IReadOnlyDictionary<string, string[][]> ByDepartment = new Dictionary<string, string[][]>
    {
        ["Sales"] =
        [
            ["C:Hi, is the {vehicle} on your lot still available?", "D:Hi {first}, this is {rep} at the dealership. Yes it is! Would you like to come see it this week?", "C:Maybe Saturday morning?", "D:Saturday at 10 works. I'll have it pulled up front for you.", "C:Great, see you then"],
            ["D:Hi {first}, thanks for your interest in the {vehicle}. Do you have a trade-in?", "C:Yes, a 2016 Civic with about 90k miles", "D:Perfect, bring it by and we'll appraise it in 20 minutes.", "N:Customer is price sensitive, mention the year-end incentive."],
            ["C:What's the best out the door price on the {vehicle}?", "D:Hi {first}! I can put together a written quote. Are you paying cash or financing?", "C:Financing, credit is decent", "D:Got it. I'll send over a couple of options within the hour.", "C:Thanks"],
            ["D:Hi {first}, just checking in - are you still shopping for a {vehicle}?", "C:Yes but not until next month", "D:No problem, I'll reach out then. Text me anytime with questions."],
            ["C:Can I test drive the {vehicle} after work today?", "D:Absolutely, we're open until 8. What time works?", "C:Around 6:30", "D:See you at 6:30, ask for {rep} at the front desk.", "C:Running 10 minutes late sorry"],
            ["C:Do you have the {vehicle} in blue?", "D:We have one in Lapis Blue arriving Thursday. Want me to hold it for you?", "C:Yes please!"],
        ],
        ["Service"] =
        [
            ["D:Hi {first}, your vehicle is due for its 30,000 mile service. Would you like to book an appointment?", "C:Yes, is Tuesday morning open?", "D:Tuesday at 8:30 is open. You're booked!", "C:Thank you"],
            ["C:How much longer on my car? Dropped it off at 8", "D:Hi {first}, the technician is finishing the brake inspection now. About 45 minutes.", "C:Ok thanks", "N:Front pads at 3mm - recommend replacement, quote $289."],
            ["D:Hi {first}, we found your front brake pads are worn to 3mm. Replacing them is $289. Would you like us to proceed?", "C:Yes go ahead", "D:Thank you, we'll have it ready by 3 pm."],
            ["C:Is my loaner ready? I'm here", "D:Yes! Come to the service desk and ask for the keys.", "C:Got it"],
            ["D:Hi {first}, your vehicle is ready for pickup. Total is $142.18. We're open until 6.", "C:On my way", "C:Thanks, the car drives great"],
            ["C:Check engine light just came on, can you look at it today?", "D:Sorry to hear that {first}. We can diagnose it at 1 pm today, does that work?", "C:Yes I'll be there"],
        ],
        ["Parts"] =
        [
            ["C:Do you have floor mats for a {vehicle} in stock?", "D:Hi {first}, yes - all-weather mats are $129 for the set. Want us to hold a set?", "C:Please hold them, I'll come by Friday"],
            ["D:Hi {first}, the part you ordered has arrived. You can pick it up at the parts counter.", "C:Great, thanks!"],
            ["C:How much for a replacement key fob?", "D:A new fob plus programming is $289. It takes about 30 minutes.", "C:Ok let me think about it"],
            ["C:Is the roof rack for the {vehicle} in yet?", "D:It's due Wednesday. I'll text you as soon as it lands.", "N:Backordered at the warehouse - check ETA Tuesday."],
            ["C:Do you price match online parts?", "D:We match OEM parts from authorized dealers. Send me the link and I'll check."],
        ],
    };

    public static readonly string[] Vehicles =
    [
        "2025 Camry SE", "2025 RAV4 Hybrid", "2024 Tacoma TRD", "2025 Highlander", "2024 Corolla Cross",
        "2025 CR-V EX", "2024 Accord Sport", "2025 F-150 XLT", "2025 Tucson SEL", "2024 Outback Premium",
    ];

    public static readonly string[] TimesToPurchase = ["This week", "This month", "1-3 months", "3-6 months", "Just looking"];

    public static readonly string[] ProcessStatuses = ["New", "Contacted", "Appointment set", "Showroom visit", "Negotiating", "Sold", "Lost"];
}
