export const id = 401;
export const ids = [401];
export const modules = {

/***/ 1401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createSlackBotClient: () => (/* binding */ createSlackBotClient),
/* harmony export */   createSlackWebhookClient: () => (/* binding */ createSlackWebhookClient),
/* harmony export */   describeSlackError: () => (/* binding */ describeSlackError),
/* harmony export */   webApiError: () => (/* binding */ webApiError),
/* harmony export */   webhookAnswerError: () => (/* binding */ webhookAnswerError)
/* harmony export */ });
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9259);

/** What each error code Slack can answer means for the person reading the log. */
const SLACK_ERRORS = {
    invalid_payload: 'Slack rejected the message as malformed (a bug in prodline: please report it)',
    invalid_blocks: 'Slack rejected the message blocks (a bug in prodline: please report it)',
    invalid_blocks_format: 'Slack rejected the message blocks (a bug in prodline: please report it)',
    msg_too_long: 'Slack found the message too long (a bug in prodline: please report it)',
    no_text: 'Slack received an empty message (a bug in prodline: please report it)',
    action_prohibited: "the Slack workspace's admin does not allow this webhook to post",
    channel_not_found: 'the Slack channel does not exist or the app cannot see it: check slack-channel, or create a new webhook',
    channel_is_archived: 'the Slack channel is archived: unarchive it or point notify at another channel',
    is_archived: 'the Slack channel is archived: unarchive it or point notify at another channel',
    not_in_channel: 'the Slack app is not in the channel: invite it with /invite @<app> in that channel',
    no_service: 'the Slack webhook was disabled or removed: create a new one and update slack-webhook-url',
    invalid_auth: 'Slack did not accept slack-token: check the secret (a bot token starts with xoxb-)',
    not_authed: 'Slack received no token: check slack-token',
    token_revoked: 'the Slack token was revoked: issue a new one and update the secret',
    account_inactive: 'the Slack token belongs to a deactivated app or user: issue a new token',
    missing_scope: 'the Slack token lacks the chat:write scope: add it to the app and reinstall it',
    message_not_found: 'the Slack message to update no longer exists',
    cant_update_message: 'Slack refused to update that message (it was not posted by this app)',
    rollup_error: 'Slack had an internal error',
};
/** A sentence for a Slack error code, with the code kept for searching. */
function describeSlackError(code) {
    const meaning = SLACK_ERRORS[code];
    return meaning ? `${meaning} [${code}]` : `Slack answered ${code}`;
}
/** Slack webhook answers: 2xx is delivered; 429 and 5xx retry; the rest are final, each explained. */
function webhookAnswerError(status, body, retryAfter) {
    const code = body.trim().slice(0, 80);
    const message = /^[a-z_]+$/.test(code) ? describeSlackError(code) : `Slack answered HTTP ${status}`;
    return new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE(`${message} (HTTP ${status})`, (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .isRetryableStatus */ .PS)(status), (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRetryAfter */ .mu)(retryAfter), status);
}
/**
 * Builds the webhook client from `@slack/webhook`, loaded on demand. Its own retries are off (ours
 * honour Retry-After); a wrapped fetch keeps the answer's Retry-After, which the library drops.
 */
async function createSlackWebhookClient(url) {
    const { IncomingWebhook } = await __webpack_require__.e(/* import() */ 443).then(__webpack_require__.t.bind(__webpack_require__, 4443, 23));
    let retryAfter = null;
    const fetchWithHeaders = async (input, init) => {
        const response = await fetch(input, init);
        retryAfter = response.headers.get('retry-after');
        return response;
    };
    return {
        async send(message, timeoutMs) {
            const webhook = new IncomingWebhook(url, {
                fetch: fetchWithHeaders,
                timeout: timeoutMs,
                retryConfig: { retries: 0 },
            });
            retryAfter = null;
            try {
                await webhook.send({ text: message.text, blocks: message.blocks });
            }
            catch (error) {
                const failure = error;
                if (failure.code === 'slack_webhook_http_error' && failure.statusCode !== undefined)
                    throw webhookAnswerError(failure.statusCode, failure.body ?? '', retryAfter);
                // The library's own message may quote the URL, which is a secret: say only what happened.
                throw new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE('could not reach the Slack webhook (network error or timeout)', true);
            }
        },
    };
}
/** Converts `@slack/web-api` failures into classified DeliveryErrors. */
function webApiError(error) {
    const failure = error;
    switch (failure.code) {
        case 'slack_webapi_platform_error': {
            const code = failure.data?.error ?? 'unknown_error';
            return new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE(describeSlackError(code), code === 'ratelimited' || code === 'internal_error' || code === 'fatal_error');
        }
        case 'slack_webapi_rate_limited_error':
            return new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE('Slack is rate limiting this app (HTTP 429)', true, (failure.retryAfter ?? 1) * 1_000, 429);
        case 'slack_webapi_http_error': {
            const status = failure.statusCode ?? 0;
            return new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE(`Slack answered HTTP ${status}`, (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .isRetryableStatus */ .PS)(status), (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRetryAfter */ .mu)(failure.headers?.['retry-after']), status);
        }
        default:
            return new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE('could not reach the Slack API (network error or timeout)', true);
    }
}
/**
 * Builds the bot client from `@slack/web-api`, loaded on demand: no retries of its own (ours honour
 * Retry-After within the time budget), rate limits rejected to us, and its logger silenced so nothing
 * it prints can carry the token.
 */
async function createSlackBotClient(token, apiUrl) {
    const { WebClient, LogLevel } = await __webpack_require__.e(/* import() */ 105).then(__webpack_require__.t.bind(__webpack_require__, 5105, 23));
    const silent = {
        debug: () => { },
        info: () => { },
        warn: () => { },
        error: () => { },
        setLevel: () => { },
        getLevel: () => LogLevel.ERROR,
        setName: () => { },
    };
    const client = (timeoutMs) => new WebClient(token, {
        slackApiUrl: apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: timeoutMs,
        logger: silent,
    });
    return {
        async postMessage(channel, message, timeoutMs) {
            try {
                const answer = await client(timeoutMs).chat.postMessage({
                    channel,
                    text: message.text,
                    blocks: message.blocks,
                    unfurl_links: false,
                    unfurl_media: false,
                });
                if (!answer.ts || !answer.channel)
                    throw new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE('Slack accepted the message but did not say where it is', false);
                return { channel: answer.channel, ts: answer.ts };
            }
            catch (error) {
                throw error instanceof _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DeliveryError */ .VE ? error : webApiError(error);
            }
        },
        async updateMessage(ref, message, timeoutMs) {
            try {
                const answer = await client(timeoutMs).chat.update({
                    channel: ref.channel,
                    ts: ref.ts,
                    text: message.text,
                    blocks: message.blocks,
                });
                return { channel: answer.channel ?? ref.channel, ts: answer.ts ?? ref.ts };
            }
            catch (error) {
                throw webApiError(error);
            }
        },
    };
}


/***/ })

};
