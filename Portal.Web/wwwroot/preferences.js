// Choices a user makes in this browser (the theme), kept across pages and visits.
window.portalPreferences = {
    get: key => { try { return localStorage.getItem(key); } catch { return null; } },
    set: (key, value) => { try { localStorage.setItem(key, value); } catch { /* private mode: the choice lasts this page */ } },
};
