// Choices a user makes in this browser (the theme), kept across pages and visits.
window.portalPreferences = {
    get: key => { try { return localStorage.getItem(key); } catch { return null; } },
    set: (key, value) => { try { localStorage.setItem(key, value); } catch { /* private mode: the choice lasts this page */ } },
    // The theme's dark variables apply under this class (see ThemeStylesheet).
    setDarkMode(on) {
        window.portalPreferences.set('portal-dark-mode', on ? 'true' : 'false');
        document.documentElement.classList.toggle('portal-dark', on);
    },
};

// Loaded in the head: the chosen theme applies before the first paint.
document.documentElement.classList.toggle('portal-dark', window.portalPreferences.get('portal-dark-mode') === 'true');

// Panes a user folds away (the departments list, the customer panel), remembered per user in this browser.
window.portalPanes = {
    get: (user, pane) => window.portalPreferences.get(`portal-pane:${user}:${pane}`),
    set: (user, pane, value) => window.portalPreferences.set(`portal-pane:${user}:${pane}`, value),
};

// Opt-in alerts for new texts: a short tone and a desktop notification, only when the user has turned them on here.
window.portalAlerts = {
    key: 'portal-alerts',
    enabled: () => window.portalPreferences.get('portal-alerts') === 'on',
    async enable() {
        if ('Notification' in window && Notification.permission === 'default') {
            try { await Notification.requestPermission(); } catch { /* the tone still plays */ }
        }
        window.portalPreferences.set('portal-alerts', 'on');
        return true;
    },
    disable() {
        window.portalPreferences.set('portal-alerts', 'off');
        return false;
    },
    announce(title, body, url) {
        if (!window.portalAlerts.enabled()) {
            return false;
        }
        window.portalAlerts.count = (window.portalAlerts.count || 0) + 1;
        try {
            const audio = new (window.AudioContext || window.webkitAudioContext)();
            const tone = audio.createOscillator();
            const gain = audio.createGain();
            tone.frequency.value = 880;
            gain.gain.value = 0.08;
            tone.connect(gain).connect(audio.destination);
            tone.start();
            tone.stop(audio.currentTime + 0.18);
        } catch { /* no audio device */ }
        if ('Notification' in window && Notification.permission === 'granted' && document.hidden !== false) {
            const notification = new Notification(title, { body, tag: url });
            notification.onclick = () => { window.focus(); window.location.href = url; };
        }
        return true;
    },
};

// Copy buttons. The clipboard API needs a secure page; on plain http (a LAN address) the older way still works.
window.portalClipboard = {
    async copy(text) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch { /* fall through */ }
        const area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.appendChild(area);
        area.select();
        let copied = false;
        try { copied = document.execCommand('copy'); } catch { /* unsupported */ }
        area.remove();
        return copied;
    },
};
