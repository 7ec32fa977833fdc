-- Runs first in every chisel's Lua state. It builds the chisel, sysdig and evt tables over sharpdig's
-- raw functions and sends print and io.write to sharpdig's output.
-- Arguments: the raw function tables, the error marker they return, the package.path additions.
-- Returns: the message handler that callbacks run under (it adds a traceback).
local raw, ERR, chisel_paths = ...

local error, select, type, pairs = error, select, type, pairs
local concat = table.concat
local traceback = debug.traceback

-- A raw function that fails returns ERR and a message (the host keeps the details): stop the script.
local function check(first, ...)
  if first == ERR then error((...), 0) end
  return first, ...
end

local function checked(functions)
  local library = {}
  for name, f in pairs(functions) do
    library[name] = function(...) return check(f(...)) end
  end
  return library
end

chisel = checked(raw.chisel)
sysdig = checked(raw.sysdig)
-- evt.* run for every event: called bare, a failure ends the callback once it returns.
evt = raw.evt

package.path = package.path .. chisel_paths

-- Output goes through sharpdig's buffer, in order with the events chisels print. As Lua's own print,
-- print converts with the global tostring; numbers written by io.write become text as tostring writes them.
local out, flush = raw.io.out, raw.io.flush

print = function(...)
  local n = select("#", ...)
  if n == 1 then
    local v = ...
    if type(v) ~= "string" then v = tostring(v) end
    return check(out(v, "\n"))
  end
  local parts = { ... }
  for i = 1, n do parts[i] = tostring(parts[i]) end
  return check(out(concat(parts, "\t", 1, n), "\n"))
end

io.write = function(...)
  for i = 1, select("#", ...) do
    local t = type((select(i, ...)))
    if t ~= "string" and t ~= "number" then
      error("bad argument #" .. i .. " to 'write' (string expected, got " .. t .. ")", 2)
    end
  end
  check(out(...))
  return io.stdout
end

io.flush = function() return check(flush()) end

os.exit = function(code)
  raw.os.exit(code)
  error(ERR, 0)
end

return function(message)
  if message == ERR then return message end
  if type(message) == "number" then
    message = tostring(message)
  elseif type(message) ~= "string" then
    message = "(error object is a " .. type(message) .. " value)"
  end
  -- Level 1 is the function that failed: LuaJIT does not count the handler.
  return traceback(message, 1)
end
