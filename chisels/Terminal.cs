namespace Sharpdig.BuiltinChisels;

/// <summary>The ANSI escapes sysdig's chisels color their output with (ansiterminal.lua); empty when colors are off.</summary>
sealed class Terminal
{
    public string Reset = "\e[0m", Red = "\e[31m", Green = "\e[32m", Yellow = "\e[33m", Blue = "\e[34m", Cyan = "\e[36m";

    public const string ClearScreen = "\e[2J", Home = "\e[0;0H", HideCursor = "\e[?25l", ShowCursor = "\e[?25h";

    public void DisableColors() => Reset = Red = Green = Yellow = Blue = Cyan = "";
}
