-- The requests of the load benchmark (bench/run.sh), one wrk script for every scenario.
--
--   wrk -t2 -c32 -d10s --latency -s bench/lua/cartd.lua http://127.0.0.1:PORT -- \
--       mode=put token=JWT customer=GUID ids=FILE body=FILE
--
-- Arguments after "--", as key=value:
--   mode      static      GET `path` (nginx's copy of a cart)
--             get, put    GET / PUT the carts of `ids` in turn (each thread walks its own share)
--             create      POST `body` to the customer's carts
--             checkout    POST .../checkout to each cart of `ids` once (each needs its own
--                         Active cart); when the pool runs out the walk starts again and the
--                         result line says so (such checkouts only replay a stored answer)
--             random-get, random-put   GET / PUT carts of `ids` picked at random
--   token     the bearer token (sent in every mode, so that request sizes match)
--   customer  the customer GUID of the carts
--   ids       a file of cart ids, one per line
--   body      the JSON cart sent by put, create and random-put; put and random-put change the
--             first "quantity" on every request, so that every PUT is a real, durable change
--   path      the path of mode=static
--   threads   wrk's -t, the number of threads
--
-- done() prints one line for run.sh:
--   BENCH_RESULT <requests/s> <p50 us> <p99 us> <requests> <socket errors> <non-2xx> <exhausted>

local mode, token, customer, path
local ids = {}
local bodies = {}
local json_headers = {}
local counter = 0
local position = 0
exhausted = 0

local threads = {}

-- Runs in wrk's main Lua state, before the thread's init.
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local function read_lines(file)
  local lines = {}
  for line in io.lines(file) do
    if #line > 0 then lines[#lines + 1] = line end
  end
  return lines
end

local function read_file(file)
  local f = assert(io.open(file, "rb"))
  local text = f:read("*a"):gsub("%s+$", "")
  f:close()
  return text
end

function init(args)
  -- wrk puts the URL before the arguments (at index 0); only key=value pairs are ours.
  local options = {}
  for i = 0, #args do
    local key, value = tostring(args[i]):match("^([%w_-]+)=(.*)$")
    if key then options[key] = value end
  end
  mode = assert(options.mode, "mode= is required")
  -- wrk starts each thread before it sets up the next, so the count has to be told.
  thread_count = assert(tonumber(options.threads), "threads= (wrk's -t) is required")
  token = options.token or ""
  customer = options.customer or ""
  path = options.path or "/"
  if options.ids then ids = read_lines(options.ids) end
  if options.body then
    local body = read_file(options.body)
    -- Nine variants of the cart, differing in the first line's quantity.
    for quantity = 1, 9 do
      bodies[quantity] = body:gsub('"quantity":%s*%d+', '"quantity":' .. quantity, 1)
    end
  end
  if mode ~= "static" and mode ~= "create" then
    assert(#ids > 0, "mode=" .. mode .. " needs ids=FILE with cart ids")
  end
  if mode == "put" or mode == "create" or mode == "random-put" then
    assert(#bodies > 0, "mode=" .. mode .. " needs body=FILE")
  end
  -- Threads start at different points of the pool, and take every thread_count-th id when
  -- checking out, so that no two threads use one cart.
  position = math.floor(#ids * thread_index / thread_count)
  math.randomseed(os.time() * 1000 + thread_index)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Accept"] = "application/json"
  -- wrk.format takes the headers of a request whole, so the body's carry the common ones too.
  for name, value in pairs(wrk.headers) do json_headers[name] = value end
  json_headers["Content-Type"] = "application/json"
end

local function cart_path(id)
  return "/v1/customers/" .. customer .. "/carts/" .. id
end

local function next_id()
  position = position % #ids + 1
  return ids[position]
end


function request()
  counter = counter + 1
  if mode == "static" then
    return wrk.format("GET", path)
  elseif mode == "get" then
    return wrk.format("GET", cart_path(next_id()))
  elseif mode == "random-get" then
    return wrk.format("GET", cart_path(ids[math.random(#ids)]))
  elseif mode == "put" then
    return wrk.format("PUT", cart_path(next_id()), json_headers, bodies[counter % 9 + 1])
  elseif mode == "random-put" then
    return wrk.format("PUT", cart_path(ids[math.random(#ids)]), json_headers,
                      bodies[counter % 9 + 1])
  elseif mode == "create" then
    return wrk.format("POST", "/v1/customers/" .. customer .. "/carts", json_headers, bodies[1])
  elseif mode == "checkout" then
    local index = thread_index + 1 + (counter - 1) * thread_count
    if index > #ids then
      exhausted = 1
      index = (index - 1) % #ids + 1
    end
    return wrk.format("POST", cart_path(ids[index]) .. "/checkout", json_headers, '"success"')
  end
  error("unknown mode " .. tostring(mode))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local pool_exhausted = 0
  for _, thread in ipairs(threads) do
    pool_exhausted = math.max(pool_exhausted, tonumber(thread:get("exhausted")) or 0)
  end
  local errors = summary.errors
  io.write(string.format("BENCH_RESULT %.1f %d %d %d %d %d %d\n",
                         summary.requests / seconds, latency:percentile(50),
                         latency:percentile(99), summary.requests,
                         errors.connect + errors.read + errors.write + errors.timeout,
                         errors.status, pool_exhausted))
end
