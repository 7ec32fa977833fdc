-- Runs first in every chisel's Lua state. It builds the chisel, sysdig and evt tables over sharpdig's
-- raw functions, sends print and io.write to sharpdig's output, and gives chisels written for sysdig's
-- LuaJIT (Lua 5.1) the functions and the number formatting they expect from Lua 5.4.
-- Arguments: the raw function tables, the error marker they return, the package.path additions.
-- Returns: the message handler that callbacks run under (it adds a traceback).
local raw, ERR, chisel_paths = ...

local error, select, type, pairs = error, select, type, pairs
local mtype, floor, ceil, huge = math.type, math.floor, math.ceil, math.huge
local native_tostring, native_format = tostring, string.format
local concat, pack, unpack_all = table.concat, table.pack, table.unpack
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

-- Numbers as LuaJIT writes them: "%.14g" (3.0 is "3"), NaN as "nan".
local function number_text(v)
  if v ~= v then return "nan" end
  return native_format("%.14g", v)
end

tostring = function(v)
  if type(v) == "number" then return number_text(v) end
  return native_tostring(v)
end

-- string.format as LuaJIT's: floats given to integer conversions are truncated, and %s writes numbers
-- as tostring does. Only calls with a float argument take the slow path.
local integer_conversions = { d = true, i = true, o = true, u = true, x = true, X = true, c = true }

local function compat_format(fmt, ...)
  local args, i = pack(...), 0
  for conversion in fmt:gmatch("%%[-+ #0]*%d*%.?%d*(.)") do
    if conversion ~= "%" then
      i = i + 1
      local v = args[i]
      if mtype(v) == "float" then
        if integer_conversions[conversion] then
          if v >= 0 then args[i] = floor(v) else args[i] = ceil(v) end
        elseif conversion == "s" then
          args[i] = number_text(v)
        end
      end
    end
  end
  return native_format(fmt, unpack_all(args, 1, args.n))
end

string.format = function(fmt, ...)
  for i = 1, select("#", ...) do
    if mtype((select(i, ...))) == "float" then return compat_format(fmt, ...) end
  end
  return native_format(fmt, ...)
end

-- Output goes through sharpdig's buffer, in order with the events chisels print.
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
  local n = select("#", ...)
  for i = 1, n do
    local v = select(i, ...)
    if type(v) ~= "string" then
      local parts = { ... }
      for j = 1, n do
        local p = parts[j]
        if type(p) == "number" then
          parts[j] = number_text(p)
        elseif type(p) ~= "string" then
          error("bad argument #" .. j .. " to 'write' (string expected, got " .. type(p) .. ")", 2)
        end
      end
      check(out(unpack_all(parts, 1, n)))
      return io.stdout
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

-- The Lua 5.1 functions of sysdig's LuaJIT that 5.4 dropped or moved.
unpack = unpack_all
loadstring = load
table.getn = function(t) return #t end
table.maxn = function(t)
  local n = 0
  for k in pairs(t) do
    if type(k) == "number" and k > n then n = k end
  end
  return n
end
table.foreach = function(t, f)
  for k, v in pairs(t) do
    local r = f(k, v)
    if r ~= nil then return r end
  end
end
table.foreachi = function(t, f)
  for i = 1, #t do
    local r = f(i, t[i])
    if r ~= nil then return r end
  end
end
math.pow = function(x, y) return x ^ y end
math.log10 = function(x) return math.log(x, 10) end
math.atan2 = math.atan
math.ldexp = function(m, e) return m * 2.0 ^ e end
math.frexp = function(x)
  if x == 0 or x ~= x or x == huge or x == -huge then return x, 0 end
  local e = floor(math.log(math.abs(x), 2)) + 1
  local m = x / 2.0 ^ e
  if math.abs(m) >= 1 then
    m, e = m / 2, e + 1
  elseif math.abs(m) < 0.5 then
    m, e = m * 2, e - 1
  end
  return m, e
end
math.cosh = function(x) return (math.exp(x) + math.exp(-x)) / 2 end
math.sinh = function(x) return (math.exp(x) - math.exp(-x)) / 2 end
math.tanh = function(x) return math.sinh(x) / math.cosh(x) end

return function(message)
  if message == ERR then return message end
  if type(message) ~= "string" then
    message = "(error object is a " .. type(message) .. " value)"
  end
  return traceback(message, 2)
end
