// A brand written with oauth4webapi, a library Coffre does not use, driven by
// tests/e2e/test_independent_clients.py over stdin/stdout, one JSON object per line.
//
//   node brand.mjs ISSUER CLIENT_ID CLIENT_SECRET REDIRECT_URI SCOPE
//
// It prints {"authorize": URL}, reads the callback URL the browser reached,
// then runs token -> API call -> refresh -> API call -> revocation of the
// refresh token -> API call with the last access token, and prints what each
// step saw as {"steps": {...}}. Plain HTTP is allowed only because the test
// server listens on 127.0.0.1.
import * as oauth from 'oauth4webapi'
import { createInterface } from 'node:readline'

const [issuerText, clientId, clientSecret, redirectUri, scope] = process.argv.slice(2)
const issuer = new URL(issuerText)
const loopback = { [oauth.allowInsecureRequests]: true }
const client = { client_id: clientId }
const auth = oauth.ClientSecretBasic(clientSecret)

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const say = (value) => process.stdout.write(JSON.stringify(value) + '\n')

// The status of an API read; a refusal arrives as a parsed WWW-Authenticate challenge.
async function read(token, path) {
  try {
    const response = await oauth.protectedResourceRequest(
      token, 'GET', new URL(path, issuer), undefined, undefined, loopback)
    return response.status
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.status
    throw error
  }
}

const as = await oauth.processDiscoveryResponse(
  issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...loopback }))

const verifier = oauth.generateRandomCodeVerifier()
const state = oauth.generateRandomState()
const url = new URL(as.authorization_endpoint)
url.search = new URLSearchParams({
  response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope, state,
  code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
}).toString()
say({ authorize: url.href })

const callback = new URL((await lines.next()).value)
// Checks `state` and, since the metadata says the server sends it, RFC 9207 `iss`.
const params = oauth.validateAuthResponse(as, client, callback, state)
const first = await oauth.processAuthorizationCodeResponse(as, client,
  await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier,
    loopback))
const steps = { scope: first.scope, read: await read(first.access_token, '/api/v1/profile') }

const renewed = await oauth.processRefreshTokenResponse(as, client,
  await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token, loopback))
steps.rotated = renewed.refresh_token !== first.refresh_token
steps.read_after_refresh = await read(renewed.access_token, '/api/v1/profile')

await oauth.processRevocationResponse(
  await oauth.revocationRequest(as, client, auth, renewed.refresh_token, loopback))
steps.read_after_revocation = await read(renewed.access_token, '/api/v1/profile')
try {
  await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, auth, renewed.refresh_token, loopback))
  steps.refresh_after_revocation = 'accepted'
} catch (error) {
  steps.refresh_after_revocation = error.error ?? error.code ?? String(error)
}
say({ steps })
process.exit(0)
