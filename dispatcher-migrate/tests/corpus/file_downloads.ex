defmodule Dispatcher do
  use Matcher

  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    any: [ "*/*" ]
  ]

  define_layers [ :static, :services ]

  @json %{ accept: %{ json: true }, layer: :services }

  ### Files

  get "/files/:id/download", %{ layer: :services, accept: %{ any: true } } do
    Proxy.forward conn, [], "http://file/files/" <> id <> "/download"
  end

  post "/files/*path", %{ layer: :services } do
    Proxy.forward conn, path, "http://file/files/"
  end

  delete "/files/*path", %{ layer: :services } do
    Proxy.forward conn, path, "http://file/files/"
  end

  match "/files/*path", @json do
    Proxy.forward conn, path, "http://resource/files/"
  end

  # Thumbnails and previews of one file.
  get "/files/:id/thumbnail", %{ layer: :static } do
    Proxy.forward conn, [id], "http://preview/thumbnails"
  end

  get "/files/:id/preview/:page", %{ layer: :static } do
    Proxy.forward conn, ["previews", id, page], "http://preview/"
  end

  put "/cases/:id/attachments", @json do
    Proxy.forward conn, [], "http://ms-files/cases/" <> id <> "/attachments"
  end

  patch "/cases/:case_id/attachments/:id", @json do
    Proxy.forward conn, [case_id, "attachments", id], "http://ms-files/cases/"
  end

  get "/archives/:year/*path", %{ layer: :services } do
    Proxy.forward conn, [year | path], "http://archive/"
  end
end
