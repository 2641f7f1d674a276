// A conversation opens at its newest message and stays there while the reader is there; a reader who has scrolled
// up is not moved, and is offered a "new messages" marker instead.
(() => {
    const nearBottom = list => list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    const states = new WeakMap();
    const messageCount = list => list.querySelectorAll('[data-message-id]').length;
    const markerOf = list => list.closest('.thread-view')?.querySelector('[data-testid=new-messages]');

    function toBottom(list, state) {
        list.scrollTop = list.scrollHeight;
        state.pinned = true;
        const marker = markerOf(list);
        if (marker) {
            marker.hidden = true;
        }
    }

    function update(list) {
        const threadId = list.closest('.thread-view')?.dataset.threadId;
        let state = states.get(list);
        if (!state) {
            state = { threadId: null, pinned: true, count: 0 };
            states.set(list, state);
            list.addEventListener('scroll', () => {
                state.pinned = nearBottom(list);
                if (state.pinned) {
                    const marker = markerOf(list);
                    if (marker) {
                        marker.hidden = true;
                    }
                }
            }, { passive: true });
        }

        const count = messageCount(list);
        if (state.threadId !== threadId) {
            state.threadId = threadId;
            state.count = count;
            toBottom(list, state);
            return;
        }

        if (count > state.count) {
            if (state.pinned) {
                toBottom(list, state);
            } else {
                const marker = markerOf(list);
                if (marker) {
                    marker.hidden = false;
                }
            }
        }

        state.count = count;
    }

    let scheduled = false;
    new MutationObserver(() => {
        if (scheduled) {
            return;
        }

        scheduled = true;
        requestAnimationFrame(() => {
            scheduled = false;
            document.querySelectorAll('.thread-messages').forEach(update);
        });
    }).observe(document.documentElement, { childList: true, subtree: true });

    document.addEventListener('click', event => {
        const marker = event.target instanceof Element ? event.target.closest('[data-testid=new-messages]') : null;
        const list = marker?.closest('.thread-view')?.querySelector('.thread-messages');
        if (list) {
            toBottom(list, states.get(list) ?? { pinned: true });
        }
    });
})();
