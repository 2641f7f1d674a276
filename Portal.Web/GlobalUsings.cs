// What every page's code-behind needs, as _Imports.razor gives it to the markup.
global using Microsoft.AspNetCore.Components;
global using Microsoft.AspNetCore.Components.Authorization;
global using Microsoft.AspNetCore.Components.Forms;
global using Microsoft.AspNetCore.Components.Web;
global using Microsoft.JSInterop;
global using MudBlazor;
global using Portal.Core.Common;
global using Portal.Core.Security;
global using Portal.Web.Components.Shared;
global using Portal.Web.Security;
