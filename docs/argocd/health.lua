-- Argo CD health of ownership.dev/OwnershipMigration, from the conditions the operator writes
-- (docs/gitops.md). Conditions older than the resource's generation say nothing yet.
local hs = {status = "Progressing", message = "Waiting for the operator to observe the resource"}
if obj.status == nil or obj.status.observedGeneration == nil then
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration < obj.metadata.generation then
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
local conditions = {}
for _, condition in ipairs(obj.status.conditions or {}) do
  conditions[condition.type] = condition
end
local function verdict(status, type)
  local condition = conditions[type]
  if condition == nil or condition.status ~= "True" then
    return nil
  end
  return {status = status, message = (condition.reason or type) .. ": " .. (condition.message or "")}
end
return verdict("Degraded", "Stalled")
  or verdict("Progressing", "Reconciling")
  or verdict("Suspended", "AwaitingApproval")
  or verdict("Healthy", "Ready")
  or {status = "Progressing", message = "Waiting for the operator's conditions"}
