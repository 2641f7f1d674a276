// When the page loses its connection (sleep, a network change, a restart, a deploy), a banner says "Reconnecting…"
// without hiding the page. A page whose session the server still holds gets everything that happened meanwhile;
// one the server no longer knows (a restart, another instance) reloads itself at the same address, so it opens the
// same conversation, read fresh, with the draft kept (composer drafts live in this tab's sessionStorage).
(() => {
    let waitingForServer = false;
    const reloadWhenServerAnswers = async () => {
        if (waitingForServer) {
            return;
        }

        waitingForServer = true;
        for (;;) {
            try {
                const answer = await fetch('/health', { cache: 'no-store' });
                if (answer.ok) {
                    location.reload();
                    return;
                }
            } catch {
                // Still down: try again shortly.
            }

            await new Promise(resolve => setTimeout(resolve, 1000));
        }
    };

    // Blazor raises the change on its reconnect element (App.razor), not on the document.
    document.getElementById('components-reconnect-modal')?.addEventListener('components-reconnect-state-changed', event => {
        const state = event.detail?.state;
        // A reload while the network is still down would leave the browser's own error page, which never retries:
        // the page reloads only once the portal answers (at once when it was the portal that refused the session).
        if (state === 'rejected' || state === 'failed') {
            reloadWhenServerAnswers();
        }
    });

    const draftKey = threadId => `portal-draft:${threadId}`;
    document.addEventListener('input', event => {
        const input = event.target;
        if (!(input instanceof HTMLTextAreaElement)) {
            return;
        }

        const threadId = input.closest('.composer')?.closest('.thread-view')?.dataset.threadId;
        if (threadId) {
            sessionStorage.setItem(draftKey(threadId), input.value);
        }
    });

    window.portalDrafts = {
        get: threadId => sessionStorage.getItem(draftKey(threadId)) ?? '',
        clear: threadId => sessionStorage.removeItem(draftKey(threadId)),
    };

    Blazor.start({
        circuit: {
            // Try every second, so a page is back within a second of its network, for as long as the server keeps
            // sessions (three minutes); after that the server refuses it and the page reloads.
            reconnectionOptions: { maxRetries: 200, retryIntervalMilliseconds: 1000 },
        },
    });
})();
