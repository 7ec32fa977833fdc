-- A Lua chisel, as sysdig runs them: failed system calls by name and error. Run it with
--   sharpdig -r trace.scap -c chisel-samples/failed_calls.lua
description = "Counts the system calls that failed, by call and error, and prints them at the end."
short_description = "Failed system calls by call and error"
category = "Samples"
args = {}

local counts = {}

function on_init()
    ftype = chisel.request_field("evt.type")
    fres = chisel.request_field("evt.res")
    chisel.set_filter("evt.dir=< and evt.failed=true")
    return true
end

function on_event()
    local key = evt.field(ftype) .. " " .. evt.field(fres)
    counts[key] = (counts[key] or 0) + 1
    return true
end

function on_capture_end()
    local keys = {}
    for k in pairs(counts) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
        if counts[a] ~= counts[b] then return counts[a] > counts[b] end
        return a < b
    end)
    for _, k in ipairs(keys) do
        print(string.format("%8d %s", counts[k], k))
    end
end
