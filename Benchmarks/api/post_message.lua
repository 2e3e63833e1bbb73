-- wrk script: POST /message for sprout project 10003 with distinct data per request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/message", nil, '{"projectID":10003,"projectVersion":"0.1","data":"bench ' .. counter .. '"}')
end
