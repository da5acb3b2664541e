defmodule Dispatcher do
  use Matcher
  define_accept_types []

  # Exact match
  get "/employees", %{ host: "api.example.com" } do
    forward conn, [], "http://employees/"
  end

  # Wildcard, matches api.example.com, dev.example.com, etc.
  get "/employees", %{ host: "*.example.com" } do
    forward conn, [], "http://employees/"
  end

  # Array match with variable capture
  get "/employees", %{ host: ["com", "example", subdomain | rest] } do
    IO.inspect(subdomain, label: "Subdomain")
    IO.inspect(rest, "Array of subdomains under subdomain" )
    forward conn, [], "http://employees/"
  end
end
