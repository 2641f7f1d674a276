// Enter sends, Shift+Enter starts a new line (IME composition is left alone).
document.addEventListener('keydown', event => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) {
        return;
    }

    const composer = event.target instanceof HTMLTextAreaElement ? event.target.closest('.composer') : null;
    const send = composer?.querySelector('[data-testid=send-now], [data-testid=add-note]');
    if (send && !send.disabled) {
        event.preventDefault();
        send.click();
    }
});

// The composer of the open conversation takes the cursor (after "Text" on a customer, or a new conversation).
window.portalComposer = {
    focus() {
        const input = document.querySelector('.thread-view .composer textarea');
        input?.focus();
        return !!input;
    },
};
