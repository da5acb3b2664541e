-- wrk prints its whole latency histogram when done, one line per value:
-- "latency_us VALUE COUNT". bench/compare.sh merges the histograms of a
-- peer's slices and takes its percentiles from the merged counts. Only
-- `done` is defined: wrk calls no Lua per request.
done = function(summary, latency, requests)
  for i = 1, #latency do
    local value, count = latency(i)
    io.write(string.format("latency_us %d %d\n", value, count))
  end
end
