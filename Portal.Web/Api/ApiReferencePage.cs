namespace Portal.Web.Api;

/// <summary>The integration API's reference: Scalar's script over the OpenAPI document, started by a script file.</summary>
internal static class ApiReferencePage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
            <title>Dealership Conversations API</title>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        </head>
        <body>
            <div id="app"></div>
            <script src="/api/reference/scalar.js"></script>
            <script src="/api-reference.js"></script>
        </body>
        </html>
        """;
}
