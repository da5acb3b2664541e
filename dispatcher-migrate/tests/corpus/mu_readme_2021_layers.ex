defmodule Dispatcher do
  use Matcher

  define_layers [ :api, :frontend ]

  define_accept_types [
      html: ["text/html", "application/xhtml+html"],
      json: ["application/json", "application/vnd.api+json"],
  ]

  match "/*path", %{ accept: %{html: true}, layer: :api} do
      Proxy.forward conn, path, "http://frontend"
  end

  match "/*path", %{ accept: %{json: true}, layer: :api} do
      Proxy.forward conn, path, "http://api"
  end

end
