defmodule Dispatcher do
  use Matcher
  define_accept_types []

  get "/employees", %{ host: ["io", "redpencil", "api"] } do
    forward conn, [], "http://employees/api"
  end

  get "/employees", %{ host: "api.redpencil.io" } do
    forward conn, [], "http://employees/api-string"
  end

  get "/employees", %{ host: "*.redpencil.io" } do
    forward conn, [], "http://employees/wildcard"
  end

  get "/employees", %{ host: ["io", "redpencil", subdomain | subsubdomains] } do
    IO.inspect( subdomain, "First subdomain" )
    IO.inspect( subsubdomains, "Array of subdomains under subdomain" )
    forward conn, [], "http://employees/" <> subdomain
  end
end
