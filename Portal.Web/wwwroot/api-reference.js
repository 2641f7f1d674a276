// The API reference (Scalar), started from a file so the page keeps the portal's content security policy (no inline script).
Scalar.createApiReference('#app', {
    url: '/openapi/v1.json',
    withDefaultFonts: false,
    showDeveloperTools: 'never',
    agent: { disabled: true },
    hideClientButton: true,
    metaData: { title: 'Dealership Conversations API' },
});
